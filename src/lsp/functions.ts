// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1:x}` is LSP snippet syntax, not a template.
/** The functions expressions may call (language reference §8), for completion and hover. */
export interface FunctionDoc {
  readonly name: string;
  readonly signature: string;
  readonly summary: string;
  /** The snippet inserted by completion. */
  readonly snippet: string;
}

export const expressionFunctions: readonly FunctionDoc[] = [
  { name: 'exp', signature: 'exp(x)', summary: 'e raised to x.', snippet: 'exp(${1:x})' },
  { name: 'log', signature: 'log(x)', summary: 'Natural logarithm of x.', snippet: 'log(${1:x})' },
  { name: 'sqrt', signature: 'sqrt(x)', summary: 'Square root of x.', snippet: 'sqrt(${1:x})' },
  { name: 'abs', signature: 'abs(x)', summary: 'Absolute value of x.', snippet: 'abs(${1:x})' },
  { name: 'min', signature: 'min(a, b)', summary: 'The smaller of a and b.', snippet: 'min(${1:a}, ${2:b})' },
  { name: 'max', signature: 'max(a, b)', summary: 'The larger of a and b.', snippet: 'max(${1:a}, ${2:b})' },
  {
    name: 'clamp',
    signature: 'clamp(x, lo, hi)',
    summary: 'x limited to [lo, hi].',
    snippet: 'clamp(${1:x}, ${2:0}, ${3:1})',
  },
  { name: 'floor', signature: 'floor(x)', summary: 'The largest integer ≤ x.', snippet: 'floor(${1:x})' },
  { name: 'ceil', signature: 'ceil(x)', summary: 'The smallest integer ≥ x.', snippet: 'ceil(${1:x})' },
];

/** The named weight schedules of §7, with the snippet completion inserts. */
export interface ScheduleDoc {
  readonly label: string;
  readonly snippet: string;
  readonly lambdaS: string;
  readonly lambdaR: string;
}

export const scheduleDocs: readonly ScheduleDoc[] = [
  { label: 'supervised_only', snippet: 'supervised_only', lambdaS: '1', lambdaR: '0 (the baseline)' },
  { label: 'stairs(t1)', snippet: 'stairs(${1:100})', lambdaS: '0 for t < t1, then 1', lambdaR: '1 − λ_s' },
  { label: 'lin', snippet: 'lin', lambdaS: 't / T', lambdaR: '1 − λ_s' },
  { label: 'lin(t1)', snippet: 'lin(${1:100})', lambdaS: 'min(1, t / t1)', lambdaR: '1 − λ_s' },
  {
    label: 'exp(sigma)',
    snippet: 'exp(${1:40})',
    lambdaS: '1 − exp(−t / sigma)',
    lambdaR: 'exp(−t / sigma)',
  },
  { label: 'constant(a)', snippet: 'constant(${1:0.5})', lambdaS: 'a', lambdaR: '1 − a' },
];

/** Snippet text for clients without snippet support: placeholders become their defaults. */
export function plainSnippet(snippet: string): string {
  return snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}
