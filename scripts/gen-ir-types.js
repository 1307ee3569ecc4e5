#!/usr/bin/env node
// Generates src/ir/types.ts from grammar/ir.schema.json, so the schema stays the
// one source of truth for the IR. `--check` exits 1 when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';

const schemaPath = new URL('../grammar/ir.schema.json', import.meta.url);
const outPath = new URL('../src/ir/types.ts', import.meta.url);

export async function generateIrTypes() {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  return compile(schema, 'MtlIr', {
    bannerComment:
      '// Generated from grammar/ir.schema.json by scripts/gen-ir-types.js. Do not edit by hand.\n/* biome-ignore-all lint: generated */',
    additionalProperties: false,
    unreachableDefinitions: true,
    style: { singleQuote: true, printWidth: 110 },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await generateIrTypes();
  if (process.argv.includes('--check')) {
    const current = readFileSync(outPath, 'utf8');
    if (current !== text) {
      console.error('src/ir/types.ts is stale: run node scripts/gen-ir-types.js');
      process.exit(1);
    }
  } else {
    writeFileSync(outPath, text);
  }
}
