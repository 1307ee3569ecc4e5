// Compiles one experiment and loads the result as a module, the way `mtl run`
// executes a spec: the same generated source a user would get from
// `mtl compile`, transpiled to JavaScript and imported, so running a spec and
// running its generated file cannot drift apart.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { generateProgram } from '../codegen/generate.js';
import type { Experiment } from '../ir/types.js';
import type { TrainerProgram } from '../runtime/program.js';

/**
 * The compiled runtime entry point as a file URL, so a program written to a
 * temp folder resolves it from anywhere: next to this module when running from
 * dist/, else the package's dist/ (running from sources; needs `npm run build`).
 */
function runtimeUrl(): string {
  const candidates = [
    new URL('../runtime/index.js', import.meta.url),
    new URL('../../dist/src/runtime/index.js', import.meta.url),
  ];
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (!found) {
    throw new Error(
      `cannot find the compiled runtime (looked for ${candidates.map((u) => fileURLToPath(u)).join(', ')}); run \`npm run build\``,
    );
  }
  return found.href;
}

function transpileProgram(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.ES2022,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    },
  }).outputText;
}

export async function importTrainer(
  experiment: Experiment,
  options: { readonly source: string },
): Promise<TrainerProgram> {
  const js = transpileProgram(
    generateProgram(experiment, { source: options.source, runtimeSpecifier: runtimeUrl() }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'mtl-run-'));
  try {
    const file = join(dir, `${experiment.name}.mjs`);
    writeFileSync(file, js);
    const module = (await import(pathToFileURL(file).href)) as { program: TrainerProgram };
    return module.program;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
