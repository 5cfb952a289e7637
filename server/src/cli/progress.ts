// A one-line progress bar on standard error, for long simulations (on
// stderr, so that stdout keeps only the results).
//
//   simulating black_friday  [██████████░░░░░░░░░░░░░░]  42%  6.3 min of 15 min  ETA 21 s
//
// - Only on a terminal: when stderr is not a TTY (a pipe, a file, CI logs),
//   nothing is written at all.
// - Only for long runs: nothing appears before `delayMs` (1 s) of wall time,
//   so a quick run prints no bar (and no flicker).
// - Redrawn at most every `intervalMs` (100 ms), in place with a carriage
//   return; `done()` erases the line so the results start on a clean line.
// - The caller drives it: update(fraction) from the simulation's onProgress
//   callback (the simulation is synchronous, so no timer could fire while it
//   runs).
//
// cli-progress is not a dependency of this package; this is the small part of
// it we need.

export interface ProgressBarOptions {
  /** Where the bar goes (standard error). */
  write(text: string): void;
  /** Whether standard error is a terminal. False: the bar never writes anything. */
  enabled: boolean;
  /** Shown before the bar: "simulating black_friday". */
  label: string;
  /** Wall milliseconds before the bar first appears [1000]. */
  delayMs?: number;
  /** Least wall milliseconds between redraws [100]. */
  intervalMs?: number;
  /** Terminal width in columns [80]. */
  columns?: number;
  /** Wall clock in milliseconds (tests inject one) [performance.now]. */
  now?: () => number;
}

const ERASE_LINE = '\r\u001b[2K';

export class ProgressBar {
  private readonly started: number;
  private lastDraw = -Infinity;
  private shown = false;
  private finished = false;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private readonly columns: number;
  private readonly now: () => number;

  constructor(private readonly options: ProgressBarOptions) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.delayMs = options.delayMs ?? 1000;
    this.intervalMs = options.intervalMs ?? 100;
    this.columns = Math.max(40, Math.min(options.columns || 80, 120)); // 0: a terminal of unknown size
  }

  /** True once the bar has been drawn (the run took longer than the delay). */
  get visible(): boolean {
    return this.shown;
  }

  /** Reports `fraction` (0..1) done; `detail` follows the percentage ("6.3 min of 15 min"). */
  update(fraction: number, detail = ''): void {
    if (!this.options.enabled || this.finished) return;
    const t = this.now();
    const elapsed = t - this.started;
    if (elapsed < this.delayMs) return;
    if (t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    this.shown = true;
    this.options.write(ERASE_LINE + this.render(Math.min(1, Math.max(0, fraction)), detail, elapsed));
  }

  /** Erases the bar (if it was drawn); later updates are ignored. */
  done(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.shown) this.options.write(ERASE_LINE);
  }

  /** The bar's text for `fraction` done after `elapsedMs`, fitted to the terminal's width. */
  render(fraction: number, detail: string, elapsedMs: number): string {
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    const eta = fraction > 0.01 && fraction < 1 ? `  ETA ${formatEta((elapsedMs / fraction) * (1 - fraction))}` : '';
    const tail = `  ${percent}${detail ? `  ${detail}` : ''}${eta}`;
    const label = this.options.label;
    // Leave the last column free: writing into it wraps on some terminals.
    const room = this.columns - 1 - label.length - tail.length - 4;
    const width = Math.max(10, Math.min(40, room));
    const filled = Math.round(fraction * width);
    const bar = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
    const line = `${label}  ${bar}${tail}`;
    return line.length > this.columns - 1 ? line.slice(0, this.columns - 1) : line;
  }
}

/** Wall time left, coarse: "45 s", "3 min", "1 h 5 min". */
export function formatEta(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}
