import { readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import {
  type CompletionItem,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type Range,
} from 'vscode-languageserver';
import { SWEEP_PATHS } from '../../check/vocabulary.js';
import { FUNCTIONS } from '../../expr/functions.js';
import { activations, dataNumberSettings, dataPathSettings } from '../../syntax/keywords.js';
import { plainSnippet, scheduleDocs } from '../schedule-docs.js';
import { positionAt } from '../text-position.js';
import { wordDoc } from '../vocabulary.js';
import type { Workspace } from '../workspace.js';
import { type CursorContext, cursorContext, type Want } from './context.js';
import { type FrameKind, statementKeywords } from './frames.js';
import { settingPaths, sweepValueWants } from './setting-paths.js';
import { astOutline, topLevelOutline } from './top-level.js';

export interface CompletionRequest {
  readonly workspace: Workspace;
  readonly path: string;
  readonly text: string;
  readonly offset: number;
  readonly snippets: boolean;
}

export function complete(request: CompletionRequest): CompletionItem[] {
  const context = cursorContext(request.text, request.offset);
  const items = new Map<string, CompletionItem>();
  for (const want of context.wants) {
    for (const item of itemsFor(want, request, context))
      if (!items.has(item.label)) items.set(item.label, item);
  }
  return [...items.values()].map((item, i) => ({
    ...item,
    sortText: item.sortText ?? String(i).padStart(4, '0'),
  }));
}

function documented(frame: FrameKind | 'schedule', word: string, kind: CompletionItemKind): CompletionItem {
  const doc = wordDoc(frame, word);
  return {
    label: word,
    kind,
    detail: doc?.summary,
    documentation: doc ? { kind: MarkupKind.Markdown, value: '```mtl\n' + doc.example + '\n```' } : undefined,
  };
}

function snippet(
  label: string,
  body: string,
  request: CompletionRequest,
  item: CompletionItem,
): CompletionItem {
  if (!body.includes('$')) return { ...item, label, insertText: body };
  return request.snippets
    ? { ...item, label, insertText: body, insertTextFormat: InsertTextFormat.Snippet }
    : { ...item, label, insertText: plainSnippet(body) };
}

function itemsFor(want: Want, request: CompletionRequest, context: CursorContext): CompletionItem[] {
  const { workspace, path } = request;
  switch (want.what) {
    case 'keywords':
      return statementKeywords[want.frame].map((w) => documented(want.frame, w, CompletionItemKind.Keyword));
    case 'words':
      return want.words.map((w) =>
        documented(
          want.frame ?? 'top',
          w,
          want.role === 'keyword' ? CompletionItemKind.Keyword : CompletionItemKind.EnumMember,
        ),
      );
    case 'activations':
      return activations
        .filter((a) => want.output || a !== 'softmax')
        .map((a) => documented('top', a, CompletionItemKind.EnumMember));
    case 'networks':
    case 'experiments':
      return visible(workspace, path, want.what === 'networks' ? 'network' : 'experiment');
    case 'hiddenLayers':
      return hiddenLayers(workspace, path, want.experiment, want.listed);
    case 'schedules':
      return scheduleDocs.map((s) =>
        snippet(s.label, (want.withKeyword ? 'schedule ' : '') + s.snippet, request, {
          label: s.label,
          kind: CompletionItemKind.Function,
          detail: `λ_s = ${s.lambdaS}, λ_r = ${s.lambdaR}`,
          filterText: (want.withKeyword ? 'schedule ' : '') + s.label,
        }),
      );
    case 'expression':
      return expressionItems(request, want.names);
    case 'settingPaths':
      return settingPathItems(request, context, want.from);
    case 'sweepValues':
      return sweepValueWants(want.path).flatMap((w) =>
        w.what === 'expression'
          ? expressionItems(request, sweepNames(workspace, path, want.sweep))
          : itemsFor(w, request, context),
      );
    case 'valueSnippets':
      return want.items.map((v) =>
        snippet(v.label, v.snippet, request, {
          label: v.label,
          kind: CompletionItemKind.EnumMember,
          detail: wordDoc('top', v.word)?.summary,
          filterText: v.label,
        }),
      );
    case 'dataKeys':
      return [...dataNumberSettings, ...(want.source === 'idx' ? dataPathSettings : [])].map((k) =>
        documented('data', k, CompletionItemKind.Property),
      );
    case 'importPaths':
      return importPaths(request, context.prefix);
  }
}

/** The program to read names from; see ProgramCache.forCompletion. */
function programOf(workspace: Workspace, path: string) {
  return workspace.programs.forCompletion(path, (root) => {
    const text = workspace.readFile(path) ?? '';
    return topLevelOutline(text).join('\n') === astOutline(root.ast).join('\n');
  });
}

function visible(workspace: Workspace, path: string, kind: 'network' | 'experiment'): CompletionItem[] {
  const program = programOf(workspace, path);
  return [...program.symbols.scope(path).values()]
    .filter((symbol) => symbol.kind === kind)
    .map((symbol) => ({
      label: symbol.name,
      kind: kind === 'network' ? CompletionItemKind.Class : CompletionItemKind.Module,
      detail: `${kind} (${symbol.file === path ? 'this file' : relative(dirname(path), symbol.file)})`,
    }));
}

function inScope(workspace: Workspace, path: string, name: string | undefined, kind: 'experiment' | 'sweep') {
  if (name === undefined) return undefined;
  const symbol = programOf(workspace, path).symbols.scope(path).get(name);
  return symbol?.kind === kind ? symbol : undefined;
}

function hiddenLayers(
  workspace: Workspace,
  path: string,
  experiment: string | undefined,
  listed: readonly string[],
) {
  const symbol = inScope(workspace, path, experiment, 'experiment');
  if (symbol?.node.kind !== 'Experiment') return [];
  const network = programOf(workspace, path).symbols.networkOf(symbol.node);
  return (network?.body.layers ?? [])
    .filter((l) => l.role === 'dense' && !listed.includes(l.name.name))
    .map((l) => ({
      label: l.name.name,
      kind: CompletionItemKind.Field,
      detail: `hidden layer, ${l.units?.text ?? '?'} units ${l.activation?.name ?? ''}`.trim(),
    }));
}

function expressionItems(request: CompletionRequest, names: readonly string[]): CompletionItem[] {
  const variables = ['t', 'T', ...names].map((n) => ({
    ...documented('weights', n, CompletionItemKind.Variable),
    detail: wordDoc('weights', n)?.summary ?? 'a varied setting',
  }));
  const functions = FUNCTIONS.map((f) =>
    snippet(f.name, f.snippet, request, {
      label: f.name,
      kind: CompletionItemKind.Function,
      detail: f.signature,
      documentation: f.summary,
    }),
  );
  return [...variables, ...functions];
}

function settingPathItems(
  request: CompletionRequest,
  context: CursorContext,
  from: number,
): CompletionItem[] {
  const lines = request.workspace.lines(request.path);
  const start = from >= 0 ? from : request.offset - context.prefix.length;
  const range: Range | undefined = lines
    ? { start: positionAt(lines, start), end: positionAt(lines, request.offset) }
    : undefined;
  return settingPaths.map((p) => ({
    label: p,
    kind: CompletionItemKind.Property,
    filterText: p,
    ...(range ? { textEdit: { range, newText: p } } : {}),
  }));
}

/** In a sweep, a value may use the other numeric varied settings, by the last part of their paths. */
function sweepNames(workspace: Workspace, path: string, sweep: string | undefined): string[] {
  const symbol = inScope(workspace, path, sweep, 'sweep');
  if (symbol?.node.kind !== 'Sweep') return [];
  return symbol.node.items.flatMap((i) => {
    if (i.kind !== 'SweepVary') return [];
    const kind = SWEEP_PATHS[i.path.parts.map((p) => p.name).join('.')]?.value;
    return kind === 'count' || kind === 'expr' ? [i.path.parts[i.path.parts.length - 1].name] : [];
  });
}

/** The .mtl files near this one, for `import "…"`; each replaces what is typed inside the quotes. */
function importPaths(request: CompletionRequest, prefix: string): CompletionItem[] {
  // An unsaved buffer (named by its URI) has no folder to list.
  if (!isAbsolute(request.path)) return [];
  const dir = dirname(request.path);
  const found: string[] = [];
  const walk = (sub: string, depth: number) => {
    let entries: import('node:fs').Dirent[] = [];
    try {
      entries = readdirSync(join(dir, sub), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory() && depth < 2 && !e.name.startsWith('.') && e.name !== 'node_modules')
        walk(rel, depth + 1);
      else if (e.isFile() && e.name.endsWith('.mtl') && join(dir, rel) !== request.path) found.push(rel);
    }
  };
  walk('', 0);
  const lines = request.workspace.lines(request.path);
  const range = lines && {
    start: positionAt(lines, request.offset - prefix.length),
    end: positionAt(lines, request.offset),
  };
  return found.sort().map((f) => ({
    label: f,
    kind: CompletionItemKind.File,
    ...(range ? { textEdit: { range, newText: f } } : {}),
  }));
}
