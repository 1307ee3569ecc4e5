import { type CodeAction, CodeActionKind, type Diagnostic } from 'vscode-languageserver';
import { suggestionsOf } from './lsp-diagnostics.js';

/**
 * Quick fixes from the checker's suggestions ("did you mean 'sigmoid'?"): each
 * replaces the diagnostic's range with one suggestion; the best one is preferred.
 */
export function quickFixes(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== undefined && diagnostic.source !== 'mtl') continue;
    suggestionsOf(diagnostic).forEach((suggestion, i) => {
      actions.push({
        title: `Change to '${suggestion}'`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: i === 0,
        edit: { changes: { [uri]: [{ range: diagnostic.range, newText: suggestion }] } },
      });
    });
  }
  return actions;
}
