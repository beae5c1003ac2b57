/**
 * The one boundary between the extension's main module and the modules it loads on first use
 * (./backendModules.ts). In the bundled extension, scripts/build.mjs resolves the `require`
 * below to the second bundle dist/backend.js, so dist/extension.js stays small and loads fast.
 * Run from source (tests through tsx), it requires the TypeScript module itself.
 */
export type Backend = typeof import('./backendModules');

let loaded: Backend | undefined;

/** Loads the Azure layer and the diagnosis engine on the first call; later calls return the same module. */
export function backend(): Backend {
  // A `require` inside the function, not an import, keeps the module out of activation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./backendModules') as Backend;
  return loaded;
}
