import type { RuleContext } from '../context.js';
import { didYouMean, suggest } from '../suggest.js';
import type { Visitor } from '../walk.js';

/**
 * An experiment's `network NAME`, a sweep's `base` and the networks a sweep
 * varies name declarations of that kind in the file or what it imports (MTL013).
 * Language reference §3, §4, §10.
 */
export function knownReferencesRule(ctx: RuleContext): Visitor {
  return {
    File() {
      for (const ref of ctx.program.symbols.unresolved) {
        if (ref.file !== ctx.file.name || ref.expected === 'layer') continue;
        if (ref.found) {
          ctx.report({
            code: 'MTL013',
            span: ref.span,
            message: `'${ref.name}' is ${article(ref.found.kind)}, not ${article(ref.expected)}`,
            related: [
              { file: ref.found.file, span: ref.found.nameSpan, message: `${ref.found.kind} '${ref.name}'` },
            ],
          });
          continue;
        }
        const suggestions = suggest(ref.name, ref.candidates);
        ctx.report({
          code: 'MTL013',
          span: ref.span,
          message: `unknown ${ref.expected} '${ref.name}'${didYouMean(suggestions)}`,
          suggestions,
        });
      }
    },
  };
}

function article(kind: string): string {
  return `${kind === 'experiment' ? 'an' : 'a'} ${kind}`;
}
