#!/usr/bin/env -S npx tsx
// Lists exports of src/**/*.ts whose name appears in no other file of src/,
// test/, bench/, scripts/ or generated/ (public index files count as users):
// candidates to un-export. A name that also appears elsewhere by coincidence is
// missed, so the list errs on the short side.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function listTs(dir: string): string[] {
  const out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...listTs(path));
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) out.push(path);
  }
  return out;
}

const DECLARED =
  /^export\s+(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;

const files = ['src', 'test', 'bench', 'scripts', 'generated'].flatMap((dir) => listTs(join(root, dir)));
const texts = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
const unused: string[] = [];
for (const [file, text] of texts) {
  if (!relative(root, file).startsWith('src/')) continue;
  for (const match of text.matchAll(DECLARED)) {
    const name = match[1];
    const word = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`);
    const elsewhere = [...texts].some(([other, otherText]) => other !== file && word.test(otherText));
    if (!elsewhere) unused.push(`${relative(root, file)}: ${name}`);
  }
}
for (const line of unused.sort()) console.log(line);
console.log(`${unused.length} exports used only in their own file`);
