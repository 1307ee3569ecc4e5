// The library's public API: named exports only, types apart. The CLI, the
// language server and the tests are thin shells over these.

// ------------------------------------------------------ diagnostics output
export { codeFrame } from './check/output/code-frame.js';
export type { LspDiagnostic } from './check/output/lsp-json.js';
export { toLspDiagnostic } from './check/output/lsp-json.js';
export { toSarif } from './check/output/sarif.js';
export { formatDiagnostic, summaryLine } from './check/output/text.js';
export type { Program, SourceFile } from './check/program.js';
export { parseProgram } from './check/program.js';
export { allRules } from './check/rules/index.js';
export type { Rule } from './check/run-rules.js';
export { runRules } from './check/run-rules.js';
export { evaluateSeries } from './check/schedules.js';
export type { MtlSymbol, SymbolAt, SymbolKind, SymbolLocation } from './check/symbols.js';
export { findDefinition, findReferences, symbolsInFile } from './check/symbols.js';
export type { GenerateOptions } from './codegen/generate.js';
// -------------------------------------------------------------- compile
// IR experiment → TypeScript trainer source (ts-morph; loaded with this module).
export { generateProgram } from './codegen/generate.js';
export type { Code, CodeInfo } from './diagnostics/codes.js';
export { CODES, codeInfo } from './diagnostics/codes.js';
export type { Diagnostic, RelatedInfo, Severity } from './diagnostics/diagnostic.js';
export type { CheckFilesResult, CheckOptions, CheckResult, SourceHost } from './driver/check.js';
// ----------------------------------------------------------------- check
export { checkFile, checkFiles, checkText, sortDiagnostics } from './driver/check.js';
export type { CompiledExpr, Variables } from './expr/evaluate.js';
export { compileExpr, evaluateExpr } from './expr/evaluate.js';
export { canonicalJson, experimentHash } from './ir/hash.js';
export type { Experiment, MtlIr, Sweep } from './ir/types.js';
export type { IrValidation } from './ir/validate.js';
export { validateIr } from './ir/validate.js';
// ------------------------------------------------------------------- IR
export { lowerProgram } from './lower/program.js';
// ----------------------------------------------------------------- plot
// Charts as vega-lite specs, rendered headless to SVG (vega) and PNG (resvg); HTML pages around them.
export type { CurvesChartOptions } from './plot/curves-chart.js';
export { curvesChart } from './plot/curves-chart.js';
export type { Cell, HtmlDocumentInput, HtmlTableInput, SvgFigureInput } from './plot/html.js';
export { escapeHtml, htmlDocument, htmlParagraph, htmlSection, htmlTable, svgFigure } from './plot/html.js';
export type { PngOptions } from './plot/render.js';
export { renderSvg, svgToPng } from './plot/render.js';
export type { CurvePoint, RunCurves } from './plot/run-curves.js';
export { readRunCurves } from './plot/run-curves.js';
export type { SweepChartOptions, SweepChartRow } from './plot/sweep-chart.js';
export { CONTROL_SERIES, sweepChart } from './plot/sweep-chart.js';
export type { ScheduleSeries, WeightsChartOptions } from './plot/weights-chart.js';
export { weightsChart } from './plot/weights-chart.js';
export { weightsSeries } from './plot/weights-source.js';
export type { PlotFormat } from './plot/write-plot.js';
export { plotFormat, writePlot } from './plot/write-plot.js';
export type { MtlFile, Span } from './syntax/ast.js';
export type { FormatResult } from './syntax/format.js';
// ---------------------------------------------------------------- syntax
export { formatText } from './syntax/format.js';
export type { LineColumn } from './syntax/location.js';
export { LineIndex } from './syntax/location.js';
export type { ParseResult } from './syntax/parse.js';
export { parse } from './syntax/parse.js';
