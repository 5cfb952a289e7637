// Folding: bodies of systems, declarations and blocks, multi-line lists,
// maps and connection attributes, multi-line block comments, runs of line
// comments, and `// #region` … `// #endregion` markers.
import type { Analysis } from '../analyze';
import type { Item, Span, Value } from '../syntax/ast';

/** Lines to fold, 0-based, first and last included: the shape of LSP's FoldingRange, which the server sends as it is. */
export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const line = (offset: number) => analysis.lines.position(offset).line;

  /** A bracketed region: fold from the opening line to the line before the closing bracket. */
  const region = (span: Span | undefined, closed: boolean) => {
    if (!span) return;
    const start = line(span.start);
    const endLine = line(span.end);
    const closeOnOwnLine = closed && /^\s*[}\])]/.test(analysis.lines.lineText(endLine));
    const end = closed && closeOnOwnLine ? endLine - 1 : endLine;
    if (end > start) out.push({ startLine: start, endLine: end });
  };

  const value = (v: Value | undefined) => {
    if (!v) return;
    if (v.type === 'list' || v.type === 'map') {
      region(v.span, v.closed);
      if (v.type === 'map') v.items.forEach(item);
      else v.items.forEach((a) => value(a.value));
    } else if (v.type === 'call') {
      region(v.span, v.closed);
      v.args.forEach((a) => value(a.value));
    }
  };

  const item = (i: Item) => {
    switch (i.type) {
      case 'declaration':
        region(i.bodySpan, i.closed);
        (i.body ?? []).forEach(item);
        break;
      case 'block':
        region(i.span, i.closed);
        i.items.forEach(item);
        break;
      case 'property':
        value(i.value);
        break;
      case 'connection':
        if (i.attrsSpan) region(i.attrsSpan, analysis.text[i.attrsSpan.end - 1] === ')');
        break;
      default:
        break;
    }
  };

  for (const s of analysis.ast.systems) {
    region(s.bodySpan, s.closed);
    s.items.forEach(item);
  }

  // Comments: block comments over several lines, runs of line comments, #region markers.
  const markers: number[] = [];
  let run: { start: number; end: number } | undefined;
  const flushRun = () => {
    if (run && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: 'comment' });
    run = undefined;
  };
  for (const c of analysis.ast.comments) {
    const start = line(c.span.start);
    if (c.block) {
      flushRun();
      const end = line(c.span.end);
      if (end > start) out.push({ startLine: start, endLine: end, kind: 'comment' });
      continue;
    }
    const marker = /^\/\/\s*#(end)?region\b/.exec(c.text);
    if (marker) {
      flushRun();
      if (!marker[1]) markers.push(start);
      else {
        const open = markers.pop();
        if (open !== undefined && start > open) out.push({ startLine: open, endLine: start, kind: 'region' });
      }
      continue;
    }
    // Only comments that stand on their own line join a run.
    const own = /^\s*$/.test(analysis.text.slice(analysis.lines.lineStart(start), c.span.start));
    if (own && run && start === run.end + 1) run.end = start;
    else {
      flushRun();
      if (own) run = { start, end: start };
    }
  }
  flushRun();
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
