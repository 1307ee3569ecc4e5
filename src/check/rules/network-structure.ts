import type { NetworkBody, Span } from '../../syntax/ast.js';
import type { RuleContext } from '../context.js';
import type { Visitor } from '../walk.js';

/**
 * A network is `input N`, one or more dense hidden layers, then exactly one
 * output layer, last (MTL030). Language reference §4.
 */
export function networkStructureRule(ctx: RuleContext): Visitor {
  const check = (body: NetworkBody, at: Span, label: string) => {
    const quiet = ctx.syntaxErrorWithin(body.span);
    const report = (span: Span, message: string) => ctx.report({ code: 'MTL030', span, message });
    if (!body.input && !quiet) report(at, `${label} has no input N`);
    if (!body.layers.some((l) => l.role === 'dense') && !quiet) {
      report(at, `${label} has no hidden layer (dense NAME UNITS ACTIVATION)`);
    }
    const outputs = body.layers.filter((l) => l.role === 'output');
    if (outputs.length === 0 && !quiet)
      report(at, `${label} has no output layer (output NAME UNITS ACTIVATION)`);
    for (const extra of outputs.slice(1)) report(extra.name.span, `${label} has more than one output layer`);
    if (outputs.length > 0) {
      const firstOutput = body.layers.indexOf(outputs[0]);
      for (const layer of body.layers.slice(firstOutput + 1)) {
        if (layer.role === 'dense')
          report(layer.name.span, `hidden layer '${layer.name.name}' comes after the output layer`);
      }
    }
  };
  return {
    Network(node) {
      check(node, node.name.span, `network '${node.name.name}'`);
    },
    InlineNetwork(node) {
      check(
        node,
        { start: node.span.start, end: Math.min(node.span.end, node.span.start + 7) },
        'the inline network',
      );
    },
  };
}
