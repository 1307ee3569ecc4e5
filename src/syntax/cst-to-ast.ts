// CST → AST: the tree the rest of the toolchain reads, with a span on every node
// (offsets into the file's text, end exclusive). What failed to parse is left out
// (optional fields, shorter lists); nothing is made up. The few syntax rules the
// grammar leaves to this pass (imports first, one input per network) are reported
// through the context.
import type { CstNode, IToken } from 'chevrotain';
import type { ExperimentDeclCstNode, FileCstNode, ImportDeclCstNode } from '../../grammar/cst.js';
import type { Comment, Declaration, ExperimentDecl, ImportDecl, MtlFile, Span } from './ast.js';
import { experimentItems } from './cst-to-experiment.js';
import { type ConvertContext, networkDecl } from './cst-to-network.js';
import { sweepDecl } from './cst-to-sweep.js';
import { identifier, inSourceOrder, spanOf, stringLit, tokenAt, tokenSpan } from './cst-tokens.js';

export type { ConvertContext } from './cst-to-network.js';

interface CstToAstInput {
  /** The CST of chevrotain's `file` rule. */
  readonly cst: CstNode;
  readonly text: string;
  /** The comment tokens of the lexer (its `comments` group). */
  readonly comments: readonly IToken[];
}

export function cstToAst(input: CstToAstInput, ctx: ConvertContext): MtlFile {
  const c = (input.cst as FileCstNode).children;
  const imports = inSourceOrder((c.importDecl ?? []).map(importDecl));
  const declarations = inSourceOrder<Declaration>([
    ...(c.networkDecl ?? []).map((node) => networkDecl(node, ctx)),
    ...(c.experimentDecl ?? []).map((node) => experimentDecl(node, ctx)),
    ...(c.sweepDecl ?? []).map(sweepDecl),
  ]);
  const firstDeclaration = declarations[0]?.span.start ?? Number.POSITIVE_INFINITY;
  for (const decl of imports) {
    if (decl.span.start > firstDeclaration) {
      ctx.report(decl.span, 'imports come first in a file, before its networks, experiments and sweeps');
    }
  }
  const comments = input.comments.map(
    (token): Comment => ({
      kind: 'Comment',
      text: token.image,
      block: token.image.startsWith('/*'),
      span: tokenSpan(token),
    }),
  );
  const span: Span = { start: 0, end: input.text.length };
  return { kind: 'File', imports, declarations, comments, span };
}

function importDecl(node: ImportDeclCstNode): ImportDecl | undefined {
  const path = stringLit(tokenAt(node.children.StringLiteral));
  if (!path) return undefined;
  return {
    kind: 'Import',
    path: path.value,
    pathSpan: path.span,
    span: spanOf(tokenAt(node.children.Import), path)!,
  };
}

function experimentDecl(node: ExperimentDeclCstNode, ctx: ConvertContext): ExperimentDecl | undefined {
  const c = node.children;
  const name = identifier(tokenAt(c.Name));
  const body = c.experimentBody?.[0];
  if (!name || !body) return undefined;
  const items = experimentItems(body, ctx);
  const span = spanOf(tokenAt(c.Experiment), name, ...items, tokenAt(body.children.RCurly))!;
  return { kind: 'Experiment', name, items, span };
}
