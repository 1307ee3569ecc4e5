// What a rule sees: the program, the file being walked, a report function, and
// derived facts computed once and shared by every rule (experiment views, data
// sources, per-epoch series).
import {
  type Code,
  type Diagnostic,
  diagnostic,
  type RelatedInfo,
  type Severity,
} from '../diagnostics/diagnostic.js';
import type { ExperimentDecl, Span } from '../syntax/ast.js';
import { type DatasetInfo, datasetInfo } from './data-source.js';
import { type ExperimentView, experimentView } from './experiment-view.js';
import type { Program, SourceFile } from './program.js';
import { type ExperimentSeries, experimentSeries } from './schedules.js';

export interface Report {
  readonly code: Code;
  readonly span: Span;
  readonly message: string;
  /** Defaults to the file being walked. */
  readonly file?: string;
  readonly related?: readonly RelatedInfo[];
  readonly suggestions?: readonly string[];
  /** Defaults to the code's severity. */
  readonly severity?: Severity;
}

export interface RuleContext {
  readonly program: Program;
  /** The file being walked. */
  readonly file: SourceFile;
  report(report: Report): void;
  /** The experiment as a set of resolved parts (cached). */
  view(decl: ExperimentDecl): ExperimentView;
  /** The experiment's data source, or undefined without a known one (cached). */
  dataset(view: ExperimentView): DatasetInfo | undefined;
  /** The experiment's per-epoch values, or undefined without a sound epochs (cached). */
  series(view: ExperimentView): ExperimentSeries | undefined;
  /** Whether the parser reported an error inside a span (missing parts there are its fault, not the user's plan). */
  syntaxErrorWithin(span: Span, file?: SourceFile): boolean;
}

interface MutableRuleContext extends RuleContext {
  file: SourceFile;
}

export function createContext(program: Program, sink: Diagnostic[]): MutableRuleContext {
  const views = new Map<ExperimentDecl, ExperimentView>();
  const fileOfDecl = new Map<ExperimentDecl, SourceFile>();
  for (const f of program.files) {
    for (const d of f.ast.declarations) if (d.kind === 'Experiment') fileOfDecl.set(d, f);
  }
  const datasets = new Map<ExperimentView, DatasetInfo | undefined>();
  const series = new Map<ExperimentView, ExperimentSeries | undefined>();
  const memo = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
    if (map.has(key)) return map.get(key) as V;
    const value = make();
    map.set(key, value);
    return value;
  };
  const ctx: MutableRuleContext = {
    program,
    file: program.files[0],
    report({ code, file, ...parts }) {
      sink.push(diagnostic(code, { file: file ?? ctx.file.name, ...parts }));
    },
    view: (decl) =>
      memo(views, decl, () => experimentView(decl, fileOfDecl.get(decl) ?? ctx.file, program.symbols)),
    dataset: (view) => memo(datasets, view, () => datasetInfo(view, program.host)),
    series: (view) => memo(series, view, () => experimentSeries(view)),
    syntaxErrorWithin(span, file = ctx.file) {
      return file.parseDiagnostics.some(
        (d) => d.severity === 'error' && d.span.start >= span.start && d.span.start <= span.end,
      );
    },
  };
  return ctx;
}
