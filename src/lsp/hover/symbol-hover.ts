import { experimentView } from '../../check/experiment-view.js';
import type { Program } from '../../check/program.js';
import type { MtlSymbol } from '../../check/symbols.js';
import type { ExperimentDecl, LayerDecl, NetworkBody, SweepDecl } from '../../syntax/ast.js';
import { fileOf } from '../programs.js';
import { weightsTable } from './evolution.js';

/** The network body a layer belongs to (a network, or an experiment's inline network). */
function bodyOf(symbol: MtlSymbol): NetworkBody | undefined {
  const owner = symbol.container?.node;
  if (owner?.kind === 'Network') return owner;
  if (owner?.kind === 'Experiment') {
    return owner.items.find(
      (i) => i.kind === 'InlineNetwork' && i.layers.includes(symbol.node as LayerDecl),
    ) as NetworkBody | undefined;
  }
  return undefined;
}

/** `h2: 60 units, sigmoid, W 70×60` — W's rows are the size of the layer below. */
function layerShape(layer: LayerDecl, body: NetworkBody | undefined): string {
  const index = body?.layers.indexOf(layer) ?? -1;
  const below =
    index === 0 ? body?.input?.size.text : index > 0 ? body?.layers[index - 1].units?.text : undefined;
  const units = layer.units?.text ?? '?';
  const activation = layer.activation ? `, ${layer.activation.name}` : '';
  return `${layer.name.name}: ${units} units${activation}, W ${below ?? '?'}×${units}`;
}

function networkChain(body: NetworkBody): string {
  const layers = body.layers.map((l) =>
    `${l.name.name} ${l.units?.text ?? '?'} ${l.activation?.name ?? ''}`.trim(),
  );
  return [body.input?.size.text ?? '?', ...layers].join(' → ');
}

function parameterCount(body: NetworkBody): number | undefined {
  let below = body.input?.size.value;
  let total = 0;
  for (const layer of body.layers) {
    const units = layer.units?.value;
    if (below === undefined || units === undefined) return undefined;
    total += below * units + units;
    below = units;
  }
  return total;
}

function experimentSummary(program: Program, decl: ExperimentDecl, file: string): string[] {
  const source = fileOf(program, file);
  if (!source) return [];
  const view = experimentView(decl, source, program.symbols);
  const lines: string[] = [];
  if (view.data) {
    const count = (key: string) => view.setting(view.data, key)?.value;
    const numberText = (key: string) => {
      const v = count(key);
      return v?.kind === 'Number' ? v.text : '?';
    };
    lines.push(
      `- data: ${view.data.source.name}, ${numberText('labeled')} labeled, ${numberText('unlabeled')} unlabeled`,
    );
  }
  if (view.network) lines.push(`- network: ${view.network.name} (${networkChain(view.network.body)})`);
  const reconstructed = view.reconstruct.flatMap((b) => b.layers.map((l) => l.name));
  if (reconstructed.length > 0) lines.push(`- reconstruct: ${reconstructed.join(', ')}`);
  if (view.weights?.kind === 'WeightsSchedule') {
    const s = view.weights.schedule;
    lines.push(
      `- weights: schedule ${s.name.name}${s.hasParens ? `(${s.args.map((a) => source.text.slice(a.span.start, a.span.end)).join(', ')})` : ''}`,
    );
  } else if (view.weights) lines.push('- weights: equations');
  if (view.epochs !== undefined)
    lines.push(`- train: ${view.epochs} epochs, batch ${view.count(view.train, 'batch') ?? '?'}`);
  const table = weightsTable(view);
  return table ? [...lines, '', table] : lines;
}

function sweepSummary(decl: SweepDecl): string[] {
  const lines: string[] = [];
  let cells = 1;
  for (const item of decl.items) {
    if (item.kind === 'SweepBase') lines.push(`- base: ${item.experiment.name}`);
    if (item.kind === 'SweepVary') {
      cells *= Math.max(1, item.values.length);
      lines.push(`- vary ${item.path.parts.map((p) => p.name).join('.')}: ${item.values.length} values`);
    }
    if (item.kind === 'SweepOverrides') lines.push(`- ${item.which}: ${item.overrides.length} overrides`);
  }
  return [...lines, `- ${cells} cells`];
}

/** Markdown for a network, layer, experiment or sweep. */
export function symbolHover(
  program: Program,
  symbol: MtlSymbol,
  relativeFile: (file: string) => string,
): string {
  const where = `*declared in ${relativeFile(symbol.file)}*`;
  const node = symbol.node;
  switch (node.kind) {
    case 'Layer': {
      const body = bodyOf(symbol);
      const owner = symbol.container ? `${symbol.container.kind} ${symbol.container.name}` : 'network';
      const role = node.role === 'output' ? 'output layer' : 'hidden layer';
      return ['```mtl', layerShape(node, body), '```', `${role} of ${owner} — ${where}`].join('\n');
    }
    case 'Network': {
      const params = parameterCount(node);
      const counted = params === undefined ? '' : ` — ${params.toLocaleString('en-US')} parameters`;
      return ['```mtl', `network ${node.name.name}: ${networkChain(node)}`, '```', `${where}${counted}`].join(
        '\n',
      );
    }
    case 'Experiment':
      return [
        `**experiment ${node.name.name}** — ${where}`,
        '',
        ...experimentSummary(program, node, symbol.file),
      ].join('\n');
    case 'Sweep':
      return [`**sweep ${node.name.name}** — ${where}`, '', ...sweepSummary(node)].join('\n');
  }
}
