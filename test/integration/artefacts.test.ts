// Files generated from a single source of truth must be current: the IR's
// TypeScript types (from grammar/ir.schema.json) and the grammar artefacts
// (CST typings, syntax diagrams, EBNF, TextMate grammar from the parser).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

function runCheck(script: string): { status: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [script, '--check'], {
      cwd: root,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { status: 0, output };
  } catch (error) {
    const failure = error as { status: number; stderr: string };
    return { status: failure.status, output: failure.stderr };
  }
}

describe('generated artefacts are current', () => {
  it('src/ir/types.ts matches grammar/ir.schema.json', () => {
    expect(runCheck('scripts/gen-ir-types.js')).toEqual({ status: 0, output: '' });
  });

  it('grammar/ artefacts match the parser', () => {
    expect(runCheck('scripts/gen-grammar-artefacts.js').status).toBe(0);
  });
});
