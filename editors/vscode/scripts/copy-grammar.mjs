// Copies the TextMate grammar from the repository's grammar/ folder (its one
// source, written with the parser) into this extension. Never edit the copy;
// run `npm run grammar` (the `compile` and `vscode:prepublish` scripts do).
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '../../../grammar/mtl.tmLanguage.json');
const target = join(here, '../syntaxes/mtl.tmLanguage.json');

if (!existsSync(source)) {
  console.error(`copy-grammar: ${source} not found`);
  process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
console.log('copy-grammar: syntaxes/mtl.tmLanguage.json updated from grammar/mtl.tmLanguage.json');
