// IR experiment → the TypeScript source of its trainer program.
//
// The file is built with ts-morph in an in-memory project and formatted with
// fixed settings; nothing in it depends on the machine, the clock or the key
// order of the input, so the same IR always gives the same bytes.
import { IndentationText, NewLineKind, Project, QuoteKind, VariableDeclarationKind } from 'ts-morph';
import { CLAMP_HELPER } from '../expr/functions.js';
import { printExpr } from '../expr/print.js';
import type { Experiment } from '../ir/types.js';
import { stringLiteral, valueLiteral } from './literal.js';
import { type EpochFunctionPart, programParts } from './program-parts.js';
import { stepSources } from './step-to-ts.js';

export interface GenerateOptions {
  /** The spec file as the user named it (POSIX separators); printed in the header and embedded. */
  readonly source: string;
  /** Where the generated file imports the runtime from. Default `mtlc/runtime`. */
  readonly runtimeSpecifier?: string;
}

const DEFAULT_RUNTIME_SPECIFIER = 'mtlc/runtime';

const formatSettings = {
  indentSize: 2,
  tabSize: 2,
  convertTabsToSpaces: true,
  newLineCharacter: '\n',
  insertSpaceAfterCommaDelimiter: true,
  insertSpaceAfterSemicolonInForStatements: true,
  insertSpaceBeforeAndAfterBinaryOperators: true,
  insertSpaceAfterKeywordsInControlFlowStatements: true,
  insertSpaceAfterFunctionKeywordForAnonymousFunctions: true,
  insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true,
  insertSpaceAfterOpeningAndBeforeClosingNonemptyBrackets: false,
  insertSpaceAfterOpeningAndBeforeClosingNonemptyParenthesis: false,
  placeOpenBraceOnNewLineForFunctions: false,
  placeOpenBraceOnNewLineForControlBlocks: false,
  ensureNewLineAtEndOfFile: true,
};

export function generateProgram(experiment: Experiment, options: GenerateOptions): string {
  const runtime = options.runtimeSpecifier ?? DEFAULT_RUNTIME_SPECIFIER;
  const parts = programParts(experiment);
  const functions: EpochFunctionPart[] = [
    parts.supervisedWeight,
    parts.reconstructionWeight,
    parts.learningRate,
    ...parts.daeWeights,
    ...parts.stepLearningRates,
  ];
  const bodies = functions.map((part) => printExpr(part.expr));

  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Single,
      useTrailingCommas: true,
    },
  });
  const file = project.createSourceFile('/program.ts', '');

  file.addImportDeclaration({ moduleSpecifier: runtime, namedImports: ['isMainModule', 'runProgramCli'] });
  file.addImportDeclaration({
    moduleSpecifier: runtime,
    isTypeOnly: true,
    namedImports: ['Experiment', 'StepContext', 'StepKernels', 'TrainerProgram'],
  });

  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [
      'The experiment as checked and lowered by mtl (its IR), verbatim and on one line: provenance; the functions below are compiled from it.',
    ],
    declarations: [
      {
        name: 'experiment',
        initializer: `${valueLiteral(experiment, { width: Number.MAX_SAFE_INTEGER }, 0, 26)} satisfies Experiment`,
      },
    ],
  });

  if (bodies.some((body) => body.usesClamp)) {
    file.addFunction({
      name: CLAMP_HELPER,
      docs: ['clamp(x, lo, hi) of the spec language.'],
      parameters: [
        { name: 'x', type: 'number' },
        { name: 'lo', type: 'number' },
        { name: 'hi', type: 'number' },
      ],
      returnType: 'number',
      statements: 'return Math.min(Math.max(x, lo), hi);',
    });
  }

  functions.forEach((part, index) => {
    file.addFunction({
      isExported: true,
      name: part.name,
      docs: [part.doc],
      parameters: [
        { name: 't', type: 'number' },
        { name: 'T', type: 'number' },
      ],
      returnType: 'number',
      statements: `return ${bodies[index]!.code};`,
    });
  });

  file.addFunction({
    isExported: true,
    name: 'trainBatch',
    docs: ["The spec's step order for one mini-batch at epoch t (Algorithm 1, lines 4-5)."],
    parameters: [
      { name: 'steps', type: 'StepContext' },
      { name: 't', type: 'number' },
      { name: 'T', type: 'number' },
    ],
    returnType: 'void',
    statements: [...parts.trainBatchBody],
  });

  // The training math of each step kind, as straight-line code over the runtime's kernels.
  const steps = stepSources(experiment);
  for (const source of steps.functions) file.addStatements(source);

  const daeWeights = parts.daeWeights.map((part) => part.name).join(', ');
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: 'program',
        type: 'TrainerProgram',
        initializer: `{
          source: ${stringLiteral(options.source)},
          experiment,
          supervisedWeight,
          reconstructionWeight,
          learningRate,
          daeWeights: [${daeWeights}],
          trainBatch,
          steps: ${steps.table},
        }`,
      },
    ],
  });

  file.addStatements((writer) => {
    writer.newLine();
    writer.writeLine(
      '// `npx tsx <this file> [--epochs N]` trains it (`--help` lists the options); importing it does not.',
    );
    // No top-level await: tsx runs a .ts file outside a "type": "module" package as CommonJS, which has none.
    writer.write('if (isMainModule(import.meta.url)) void runProgramCli(program);');
  });

  file.formatText(formatSettings);
  const header = `// Generated by mtl from ${options.source} (IR hash ${experiment.hash}). Do not edit: regenerate with \`mtl compile ${options.source}\`.\n`;
  const body = file.getFullText();
  return header + (body.endsWith('\n') ? body : `${body}\n`);
}
