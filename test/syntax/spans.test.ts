import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/syntax/ast.js';
import { parse } from '../../src/syntax/parse.js';
import { specCorpus } from '../harness/syntax.js';

interface Node {
  readonly kind?: string;
  readonly span: Span;
  readonly [key: string]: unknown;
}

/** Every node with a span, with the node it is inside of. */
function walk(node: Node, visit: (node: Node, parent: Node | undefined) => void, parent?: Node): void {
  visit(node, parent);
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === 'object' && 'span' in child) walk(child as Node, visit, node);
    }
  }
}

describe('spans', () => {
  it.each(specCorpus().map((spec) => [spec.path, spec.text]))('are right on every node of %s', (_, text) => {
    const { ast, diagnostics } = parse(text, 'spec.mtl');
    expect(diagnostics).toEqual([]);
    walk(ast as unknown as Node, (node, parent) => {
      const written = text.slice(node.span.start, node.span.end);
      if (parent && node.kind !== 'Comment') {
        expect(node.span.start).toBeGreaterThanOrEqual(parent.span.start);
        expect(node.span.end).toBeLessThanOrEqual(parent.span.end);
      }
      if (node.kind === 'Identifier' || node.kind === 'Name') expect(written).toBe(node.name);
      if (node.kind === 'Number' || node.kind === 'Comment') expect(written).toBe(node.text);
      if (node.kind === 'String') expect(written).toBe(`"${node.value}"`);
      if (['Network', 'Experiment', 'Sweep', 'Data', 'Reconstruct', 'Train'].includes(node.kind ?? '')) {
        expect(written.endsWith('}')).toBe(true);
      }
      if (node.kind === 'Setting') expect(written.startsWith((node.key as { name: string }).name)).toBe(true);
    });
  });

  it('cover a declaration from its keyword to its closing brace', () => {
    const text = '  network n { input 1 }  ';
    const [decl] = parse(text, 'a.mtl').ast.declarations;
    expect(text.slice(decl.span.start, decl.span.end)).toBe('network n { input 1 }');
  });
});
