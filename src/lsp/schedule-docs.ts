// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1:x}` is LSP snippet syntax, not a template.
/** The named weight schedules of §7, with the snippet completion inserts. */
interface ScheduleDoc {
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
