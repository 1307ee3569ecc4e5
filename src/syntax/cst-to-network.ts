// CST → AST for networks (`network NAME { … }` and the inline `network { … }`).
// The grammar takes `input` anywhere in the body; the AST holds one input before
// the layers, so a second or a late `input` is reported here, as a syntax error.
import type {
  InputDeclCstNode,
  LayerDeclCstNode,
  NetworkBodyCstNode,
  NetworkDeclCstNode,
} from '../../grammar/cst.js';
import type { InputDecl, LayerDecl, NetworkBody, NetworkDecl, Span } from './ast.js';
import { identifier, inSourceOrder, numberLit, spanOf, tokenAt } from './cst-tokens.js';

/** What the CST→AST pass reports besides building nodes. */
export interface ConvertContext {
  report(span: Span, message: string): void;
}

export function networkDecl(node: NetworkDeclCstNode, ctx: ConvertContext): NetworkDecl | undefined {
  const c = node.children;
  const name = identifier(tokenAt(c.Name));
  const body = networkBody(c.networkBody?.[0], ctx);
  if (!name || !body) return undefined;
  return { kind: 'Network', name, ...body, span: spanOf(tokenAt(c.Network), body)! };
}

type Body = Omit<NetworkBody, 'span'> & { readonly span: Span };

export function networkBody(node: NetworkBodyCstNode | undefined, ctx: ConvertContext): Body | undefined {
  const c = node?.children;
  if (!c) return undefined;
  const inputs = inSourceOrder((c.inputDecl ?? []).map(inputDecl));
  const layers = inSourceOrder((c.layerDecl ?? []).map(layerDecl));
  const [input, ...extra] = inputs;
  for (const other of extra) ctx.report(other.span, 'a network has one input; remove this one');
  if (input && layers.length > 0 && layers[0].span.start < input.span.start) {
    ctx.report(input.span, 'the input comes first in a network, before its layers');
  }
  const span = spanOf(tokenAt(c.LCurly), input, ...layers, tokenAt(c.RCurly));
  return span && { input, layers, span };
}

function inputDecl(node: InputDeclCstNode): InputDecl | undefined {
  const c = node.children;
  const size = numberLit(tokenAt(c.NumberLiteral));
  // The AST needs the size; a bare `input` is already reported as a syntax error.
  return size && { kind: 'Input', size, span: spanOf(tokenAt(c.Input), size)! };
}

function layerDecl(node: LayerDeclCstNode): LayerDecl | undefined {
  const c = node.children;
  const role = tokenAt(c.LayerRole);
  const name = identifier(tokenAt(c.Name));
  if (!role || !name) return undefined;
  const units = numberLit(tokenAt(c.NumberLiteral));
  const activation = identifier(tokenAt(c.ValueName));
  return {
    kind: 'Layer',
    role: role.image as 'dense' | 'output',
    name,
    units,
    activation,
    span: spanOf(role, name, units, activation)!,
  };
}
