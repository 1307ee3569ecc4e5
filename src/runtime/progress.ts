// Progress on stderr: a one-line bar redrawn in place on a TTY, plain
// periodic lines otherwise (logs, CI). Results never go here.

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressSnapshot {
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
  readonly lambdaS: number;
  readonly lambdaR: number;
  readonly lr: number;
  readonly supervisedLoss: number | null;
  readonly reconstructionLoss: number | null;
}

const fmt = (value: number | null) => (value === null ? '-' : Number(value.toPrecision(4)).toString());

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class Progress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private batchesDone = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream | null,
    private readonly epochs: number,
    private readonly totalBatches: number,
    private readonly plainInterval = 10_000,
  ) {}

  /** After every batch. */
  batch(snapshot: ProgressSnapshot): void {
    this.batchesDone++;
    if (!this.stream?.isTTY) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && snapshot.batch + 1 < snapshot.batches) return;
    this.lastDraw = now;
    const done = snapshot.epoch + (snapshot.batch + 1) / snapshot.batches;
    const width = 20;
    const filled = Math.min(width, Math.round((done / this.epochs) * width));
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    this.stream.write(`\r\x1b[K${bar} ${this.line(snapshot)}`);
    this.drawn = true;
  }

  /** After every epoch; plain streams get a line every `plainInterval` ms and on evaluations. */
  epoch(snapshot: ProgressSnapshot, evaluation: string | null): void {
    if (!this.stream) return;
    if (this.stream.isTTY) {
      if (evaluation) {
        this.stream.write(`\r\x1b[Kepoch ${snapshot.epoch + 1}/${this.epochs} ${evaluation}\n`);
        this.drawn = false;
      }
      return;
    }
    const now = performance.now();
    const last = snapshot.epoch + 1 === this.epochs;
    if (evaluation || last || now - this.lastDraw >= this.plainInterval || this.lastDraw === 0) {
      this.lastDraw = now;
      this.stream.write(`${this.line(snapshot)}${evaluation ? ` ${evaluation}` : ''}\n`);
    }
  }

  message(text: string): void {
    if (!this.stream) return;
    this.finishLine();
    this.stream.write(`${text}\n`);
  }

  finishLine(): void {
    if (this.stream?.isTTY && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private line(s: ProgressSnapshot): string {
    const elapsed = (performance.now() - this.started) / 1000;
    const remaining = this.totalBatches - this.batchesDone;
    const eta = this.batchesDone > 0 ? (elapsed / this.batchesDone) * remaining : Number.NaN;
    return (
      `epoch ${s.epoch + 1}/${this.epochs} batch ${s.batch + 1}/${s.batches} ` +
      `λs=${fmt(s.lambdaS)} λr=${fmt(s.lambdaR)} lr=${fmt(s.lr)} ` +
      `Js=${fmt(s.supervisedLoss)} Jr=${fmt(s.reconstructionLoss)} ETA ${duration(eta)}`
    );
  }
}
