// The code generator: IR experiment → TypeScript trainer program.
export type { GenerateOptions } from './generate.js';
export { DEFAULT_RUNTIME_SPECIFIER, generateProgram } from './generate.js';
export type { GeneratedTree, TreeFile, TreeOptions } from './generated-tree.js';
export { defaultOutDir, generateTree } from './generated-tree.js';

export { loadProgram, runtimeUrl, transpileProgram } from './load-program.js';
export type { Selection } from './select-experiments.js';
export { declaredExperimentNames, selectExperiments } from './select-experiments.js';
