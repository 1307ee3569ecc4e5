// Runs rules over a program in one walk (graphql-js's validate): every rule's
// visitor sees every node, in order. A rule that throws becomes an MTL900
// diagnostic at the node it was looking at, and the walk goes on.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createContext, type RuleContext } from './context.js';
import type { Program } from './program.js';
import { allRules } from './rules/index.js';
import { type Visitor, type WalkedNode, walkFile } from './walk.js';

export type Rule = (ctx: RuleContext) => Visitor;

export function runRules(program: Program, rules: readonly Rule[] = allRules): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (program.files.length === 0) return out;
  const ctx = createContext(program, out);
  const internal = (rule: Rule, span: WalkedNode['span'], error: unknown) => {
    const why = error instanceof Error ? error.message : String(error);
    ctx.report({
      code: 'MTL900',
      span,
      message: `internal error in ${rule.name || 'a rule'}: ${why} (a bug in mtl)`,
    });
  };
  const visitors: { rule: Rule; visitor: Visitor }[] = [];
  for (const rule of rules) {
    try {
      visitors.push({ rule, visitor: rule(ctx) });
    } catch (error) {
      internal(rule, { start: 0, end: 0 }, error);
    }
  }
  for (const file of program.files) {
    ctx.file = file;
    walkFile(file.ast, (node) => {
      for (const { rule, visitor } of visitors) {
        const handler = visitor[node.kind] as ((n: WalkedNode) => void) | undefined;
        if (!handler) continue;
        try {
          handler(node);
        } catch (error) {
          internal(rule, node.span, error);
        }
      }
    });
  }
  ctx.file = program.files[0];
  for (const { rule, visitor } of visitors) {
    try {
      visitor.leaveProgram?.();
    } catch (error) {
      internal(rule, { start: 0, end: 0 }, error);
    }
  }
  return out;
}
