// Diagnostics as the core produces them: offsets plus line/character ranges
// (0-based, UTF-16, as in LSP), with no dependency on any editor library.
import type { Span } from './syntax/ast';
import { partitionPoint } from './sorted';

export type Severity = 'error' | 'warning' | 'info';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface RelatedInfo {
  message: string;
  span: Span;
}

/** A text edit in document offsets. */
export interface TextEdit {
  span: Span;
  newText: string;
}

/** A quick fix: applying all its edits yields a file that no longer triggers the rule. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one fix an editor may apply with "auto fix". */
  preferred?: boolean;
}

export interface Diagnostic {
  /** Rule id: `syntax`, `unknown-reference`, `cap-ca-distributed`, … */
  rule: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedInfo[];
  /** Quick fixes, computed by the core so every front end offers the same ones. */
  fixes?: Fix[];
  /** Free-form extra facts a front end may carry along. */
  data?: unknown;
}

/** Maps offsets to line/character and back in O(log lines). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) this.starts.push(i + 1);
      else if (ch === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    // The last line starting at or before the offset (line 0 starts at 0).
    const line = partitionPoint(this.starts.length, (i) => this.starts[i] <= clamped) - 1;
    return { line, character: clamped - this.starts[line] };
  }

  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[position.line];
    const lineEnd = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.min(lineStart + Math.max(0, position.character), lineEnd);
  }

  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  lineText(line: number): string {
    const start = this.lineStart(line);
    const end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }
}

/**
 * Damerau-Levenshtein distance (optimal string alignment), for did-you-mean.
 * With `max`, stops as soon as the distance must exceed it and returns
 * `max + 1`: three rolling rows, no matrix, so a did-you-mean over thousands
 * of names stays cheap.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  if (rowBuffers[0].length < cols) rowBuffers = [0, 1, 2].map(() => new Int32Array(cols * 2)) as [Int32Array, Int32Array, Int32Array];
  let [before, prev, cur] = rowBuffers;
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < cols; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = prev[j - 1] + (ai === bj ? 0 : 1);
      if (prev[j] + 1 < d) d = prev[j] + 1;
      if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && before[j - 2] + 1 < d) d = before[j - 2] + 1;
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const spare = before;
    before = prev;
    prev = cur;
    cur = spare;
  }
  return Math.min(prev[b.length], max + 1);
}

/** Rows reused by editDistance (grown on demand): no allocation per call. */
let rowBuffers: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** The closest candidate within a typo's reach, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > 64) return undefined;
  const limit = word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > limit) continue;
    const cl = c.toLowerCase();
    const distance = cl === lower ? 0.5 : editDistance(lower, cl, Math.min(limit, bestDistance));
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

export function suggestion(word: string, candidates: Iterable<string>): string {
  const best = didYouMean(word, candidates);
  return best ? ` Did you mean '${best}'?` : '';
}
