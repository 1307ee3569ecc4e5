import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { ImportedDiagnostics } from './imported-diagnostics.js';
import { toLspDiagnostic } from './lsp-diagnostics.js';
import { runCheck } from './run-check.js';
import type { Workspace } from './workspace.js';

interface SchedulerOptions {
  readonly workspace: Workspace;
  /** Publishes for a file: an open one (its URI and version) or an unopened import. */
  readonly publish: (path: string, diagnostics: LspDiagnostic[]) => void;
  readonly log: (what: string, error: unknown) => void;
  /** A fixed delay after a change, in ms; undefined: the throttle below. */
  readonly debounceMs?: number;
}

// A check is synchronous: while one runs nothing else is answered. So the delay
// after a change is a short grace period plus a throttle, not a long debounce.
// Grace: an editor sends a keystroke's completion or hover request right after
// its didChange; waiting 10 ms lets those be answered before the check instead
// of behind it, and coalesces a burst of changes into one check. Throttle: under
// a stream of changes the next check also waits until its predecessor's end
// plus its duration, so checks take at most about half the time. An idle
// server thus publishes diagnostics 10 ms plus the check's own time after a
// change. The wait is capped at 150 ms.
const graceMs = 10;
const maxDelayMs = 150;

/**
 * Re-checks open files after they change — and the open files that import
 * them — and publishes their diagnostics. One pending check per file; a newer
 * change replaces an older pending one.
 */
export class DiagnosticScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Per file: how long its last check took and when it ended (performance.now()). */
  private readonly lastRun = new Map<string, { duration: number; end: number }>();

  private readonly imported: ImportedDiagnostics<LspDiagnostic>;

  constructor(private readonly options: SchedulerOptions) {
    this.imported = new ImportedDiagnostics(options.publish);
  }

  /** `path` changed (edited, opened, closed, or changed on disk): re-check it if open, and its importers. */
  changed(path: string, { immediate = false } = {}): void {
    const { workspace } = this.options;
    if (workspace.document(path)) {
      this.imported.dropFile(path);
      this.schedule(path, immediate);
    }
    for (const dependent of workspace.dependents(path)) this.schedule(dependent, immediate);
  }

  cancel(path: string): void {
    clearTimeout(this.timers.get(path));
    this.timers.delete(path);
    this.lastRun.delete(path);
    this.imported.dropOwner(path);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private delayFor(path: string): number {
    if (this.options.debounceMs !== undefined) return this.options.debounceMs;
    const last = this.lastRun.get(path);
    const throttle = last ? last.end + last.duration - performance.now() : 0;
    return Math.min(maxDelayMs, Math.max(graceMs, Math.ceil(throttle)));
  }

  private schedule(path: string, immediate: boolean): void {
    clearTimeout(this.timers.get(path));
    const timer = setTimeout(
      () => {
        this.timers.delete(path);
        this.run(path);
      },
      immediate ? 0 : this.delayFor(path),
    );
    this.timers.set(path, timer);
  }

  private run(path: string): void {
    const { workspace, publish, log } = this.options;
    if (!workspace.document(path)) return;
    try {
      const started = performance.now();
      const outcome = runCheck(workspace, path);
      workspace.setDependencies(path, outcome.files);
      const convert = (file: string) => {
        const lines = outcome.lines.get(file) ?? workspace.lines(file);
        return lines
          ? (outcome.diagnostics.get(file) ?? []).map((d) => toLspDiagnostic(d, { lines, other }))
          : [];
      };
      const other = (file: string) => {
        const lines = outcome.lines.get(file) ?? workspace.lines(file);
        return lines ? { lines, uri: workspace.uriOf(file) } : undefined;
      };
      publish(path, convert(path));
      const unopened = outcome.files.filter((f) => f !== path && !workspace.document(f));
      this.imported.update(path, new Map(unopened.map((f) => [f, convert(f)])));
      const end = performance.now();
      this.lastRun.set(path, { duration: end - started, end });
    } catch (error) {
      log(`checking ${path}`, error);
    }
  }
}
