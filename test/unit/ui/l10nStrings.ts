/**
 * Finds every message the extension passes to `vscode.l10n.t` as a string literal, by walking the
 * TypeScript syntax tree. `l10n/bundle.l10n.json` must hold exactly these keys, so translators
 * get a complete list. Regenerate the bundle with:
 *
 *   npx tsx test/unit/ui/l10nStrings.ts --write
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const repoRoot = path.resolve(__dirname, '../../..');
export const bundlePath = path.join(repoRoot, 'l10n', 'bundle.l10n.json');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      return sourceFiles(full);
    }
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** Messages by text, with where each is used; a call whose first argument is not a literal is listed in `dynamic`. */
export function collectMessages(): { messages: Map<string, string[]>; dynamic: string[] } {
  const messages = new Map<string, string[]>();
  const dynamic: string[] = [];
  const files = [path.join(repoRoot, 'src', 'extension.ts'), ...sourceFiles(path.join(repoRoot, 'src', 'ui'))];

  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.getText(source) === 'vscode.l10n.t') {
        const where = `${path.relative(repoRoot, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          messages.set(first.text, [...(messages.get(first.text) ?? []), where]);
        } else {
          dynamic.push(where);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { messages, dynamic };
}

if (require.main === module && process.argv.includes('--write')) {
  const { messages } = collectMessages();
  const bundle = Object.fromEntries([...messages.keys()].sort().map((message) => [message, message]));
  writeFileSync(bundlePath, `${JSON.stringify(bundle, null, 2)}\n`);
  console.log(`wrote ${messages.size} messages to ${path.relative(repoRoot, bundlePath)}`);
}
