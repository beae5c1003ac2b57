import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

interface Command {
  command: string;
  title: string;
  category?: string;
  icon?: string;
}

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: Command[];
    menus: Record<string, MenuEntry[]>;
    views: Record<string, { id: string; name: string }[]>;
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    viewsWelcome: { view: string; contents: string; when?: string }[];
    configuration: { title: string; properties: Record<string, { markdownDescription?: string; enumDescriptions?: string[] }> };
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
const declared = new Set(manifest.contributes.commands.map((command) => command.command));

/** Collects every `%key%` placeholder anywhere in the contributions. */
function placeholders(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    for (const match of value.matchAll(/^%([^%]+)%$/g)) {
      found.push(match[1]);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item) => placeholders(item, found));
  } else if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach((item) => placeholders(item, found));
  }
  return found;
}

describe('package.json contributions', () => {
  it('menu entries name declared commands', () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) {
        assert.ok(declared.has(entry.command), `${menu} names undeclared command ${entry.command}`);
      }
    }
  });

  it('every %key% exists in package.nls.json', () => {
    const keys = placeholders(manifest.contributes);
    assert.ok(keys.length > 20, `expected the contributions to use placeholders, found ${keys.length}`);
    for (const key of keys) {
      assert.ok(key in nls, `package.nls.json has no "${key}"`);
    }
  });

  it('package.nls.json has no unused key', () => {
    const used = new Set(placeholders(manifest.contributes));
    for (const key of Object.keys(nls)) {
      assert.ok(used.has(key), `package.nls.json key "${key}" is not used`);
    }
  });

  it('commands have category, icon and %key% title', () => {
    for (const command of manifest.contributes.commands) {
      assert.match(command.title, /^%command\.[A-Za-z]+%$/, command.command);
      assert.equal(command.category, '%category%', command.command);
      assert.match(command.icon ?? '', /^\$\([a-z-]+\)$/, command.command);
    }
  });

  it('item-only commands hidden from palette', () => {
    const hidden = new Set(
      (manifest.contributes.menus.commandPalette ?? []).filter((entry) => entry.when === 'false').map((entry) => entry.command),
    );
    const itemMenus = manifest.contributes.menus['view/item/context'];
    const itemOnly = manifest.contributes.commands
      .map((command) => command.command)
      .filter((id) => itemMenus.some((entry) => entry.command === id))
      .filter((id) => !(manifest.contributes.menus['view/title'] ?? []).some((entry) => entry.command === id));

    for (const id of itemOnly) {
      if (id === 'kvDoctor.diagnose') {
        // Diagnose 403 also works from the palette, where it prompts for the vault first.
        continue;
      }
      assert.ok(hidden.has(id), `${id} is only useful on a tree item but shows in the command palette`);
    }
    assert.ok(hidden.has('kvDoctor.copyClientId'));
  });

  it('item menus match viewItem tokens', () => {
    for (const entry of manifest.contributes.menus['view/item/context']) {
      assert.match(entry.when ?? '', /viewItem =~ \/\\b\(?[a-z|]+\)?\\b\//, `${entry.command}: ${entry.when}`);
    }
  });

  it('activation only on views, commands and manifests', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    for (const event of manifest.activationEvents) {
      // Manifests and templates activate the extension too, so their problems show without a click.
      assert.match(event, /^(onView:kvDoctor\.|onCommand:kvDoctor\.|onLanguage:(yaml|bicep|terraform)$)/, event);
    }
    for (const id of declared) {
      assert.ok(manifest.activationEvents.includes(`onCommand:${id}`), `no activation event for ${id}`);
    }
  });

  it('welcome links name declared commands', () => {
    for (const welcome of manifest.contributes.viewsWelcome) {
      const text = nls[welcome.contents.replace(/%/g, '')];
      assert.ok(text, `missing text for ${welcome.contents}`);
      for (const match of text.matchAll(/\(command:(kvDoctor\.[A-Za-z]+)/g)) {
        assert.ok(declared.has(match[1]), `${welcome.contents} links undeclared ${match[1]}`);
      }
    }
  });

  it('views belong to the declared container', () => {
    const containers = manifest.contributes.viewsContainers.activitybar.map((container) => container.id);
    assert.deepEqual(Object.keys(manifest.contributes.views), containers);
    assert.deepEqual(
      manifest.contributes.views.kvDoctor.map((view) => view.id),
      ['kvDoctor.vaults', 'kvDoctor.identities'],
    );
  });

  it('main is the bundled extension', () => {
    assert.equal(manifest.main, './dist/extension.js');
  });
});
