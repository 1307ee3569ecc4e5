// What `mtl sweep --dry-run` prints: the grid, the runs it needs and how many
// are shared, and the estimated cost.
import type { Role, SweepPlan } from './plan-types.js';

const count = (n: number) => n.toLocaleString('en-US');

export function planSummary(plan: SweepPlan): string {
  const grid = plan.dimensions.map((d) => `${d.name} [${d.labels.join(', ')}]`).join(' × ');
  const cells = new Set(plan.uses.map((u) => u.cell)).size;
  const byRole = (role: Role) => {
    const uses = plan.uses.filter((u) => u.role === role);
    return { uses: uses.length, runs: new Set(uses.map((u) => u.runId)).size };
  };
  const roles = (['mtl', 'baseline', 'control'] as const)
    .map((role) => ({ role, ...byRole(role) }))
    .filter((r) => r.uses > 0);
  const shared = plan.runs.filter((r) => r.uses > 1);
  const samples = plan.runs.reduce((n, r) => n + r.samples, 0);
  const specEpochs = [...new Set(plan.runs.map((r) => r.experiment.train.epochs))].join(', ');
  const protocol =
    plan.epochs === null
      ? `the spec's: T = ${specEpochs} epochs`
      : plan.runs.some((r) => r.shortened)
        ? `shortened: --epochs ${plan.epochs} (the spec says ${specEpochs})`
        : `--epochs ${plan.epochs} (the spec says ${specEpochs})`;
  const lines = [
    `sweep ${plan.sweep} (${plan.source}), base ${plan.base}`,
    `  grid        ${grid || '(one cell)'} × repeat ${plan.repeat}`,
    `  cells       ${count(cells)}, each with ${roles.map((r) => r.role).join(' + ')} × ${plan.repeat} repeat${plan.repeat === 1 ? '' : 's'}: ${count(plan.uses.length)} uses`,
    ...roles.map(
      (r) =>
        `  ${r.role.padEnd(12)}${count(r.uses)} uses → ${count(r.runs)} distinct run${r.runs === 1 ? '' : 's'}`,
    ),
    `  runs        ${count(plan.runs.length)} distinct (${count(shared.length)} shared by more than one use, saving ${count(plan.uses.length - plan.runs.length)} runs)`,
    `  protocol    ${protocol}${plan.limit === null ? '' : `, --limit ${plan.limit}`}`,
    `  cost        ${count(samples)} samples (Σ T × (labeled + unlabeled) over the distinct runs)`,
  ];
  return `${[...lines, ...plan.warnings].join('\n')}\n`;
}
