#!/usr/bin/env -S npx tsx
// Regenerates generated/ from specs/ (`npm run generate`): one trainer per
// experiment declared in a spec, at the mirrored path. `--check` writes nothing
// and exits 1 when generated/ is stale. Files in generated/ that no spec
// produces any more are deleted.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../src/check/output/text.js';
import { generateTree, listFiles } from '../src/driver/generated-tree.js';
import { writeGeneratedFile } from '../src/driver/write-generated.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');

const tree = generateTree({ root });
for (const diagnostic of tree.diagnostics)
  process.stderr.write(formatDiagnostic(diagnostic, { lines: tree.lines }));
if (tree.diagnostics.some((d) => d.severity === 'error')) {
  console.error('gen-generated: specs have errors; generated/ left as it is');
  process.exit(1);
}

const wanted = new Set(tree.files.map((f) => f.path));
const read = (path: string): string | undefined => {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
};
const changed = tree.files.filter((file) => read(file.path) !== file.text);
const extra = listFiles(root, 'generated', '.ts').filter((path) => !wanted.has(path));

if (check) {
  for (const file of changed) console.error(`stale: ${file.path}`);
  for (const path of extra) console.error(`not produced by any spec: ${path}`);
  if (changed.length + extra.length > 0) {
    console.error('generated/ is out of date: run `npm run generate`');
    process.exit(1);
  }
} else {
  for (const file of changed) {
    writeGeneratedFile(join(root, file.path), file.text);
    console.log(`wrote ${file.path}`);
  }
  for (const path of extra) {
    rmSync(join(root, path));
    console.log(`deleted ${path}`);
  }
  console.log(
    `generated/: ${tree.files.length} programs, ${changed.length} written, ${extra.length} deleted`,
  );
}
