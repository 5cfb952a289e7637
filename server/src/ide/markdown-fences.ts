// Sysdesign inside Markdown: the ```sysdesign (or ~~~sysdesign) fences of a
// .md document, and the document's text with everything outside them blanked
// to spaces (line breaks kept). Analysing that text gives every fence its
// diagnostics, hovers and completions at the very offsets of the document, and
// prose nothing: there is no design text there.
//
// Fences follow CommonMark: an opening line of three or more backticks or
// tildes, indented at most three spaces, whose info string's first word is
// `sysdesign`; the fence ends at a line of the same character, at least as
// long, or at the end of the document.

export interface Fence {
  /** Offset of the first character of the fence's content (the line after the opening fence). */
  start: number;
  /** Offset just past the content (the start of the closing fence's line, or the end of the text). */
  end: number;
}

const OPENING = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;

/** The `sysdesign` fences of a Markdown text, in order. */
export function sysdesignFences(text: string): Fence[] {
  const fences: Fence[] = [];
  let open: { marker: string; sysdesign: boolean; start: number } | undefined;
  let offset = 0;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(offset, lineEnd).replace(/\r$/, '');
    const next = newline < 0 ? text.length + 1 : newline + 1;
    if (open) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1]![0] === open.marker[0] && close[1]!.length >= open.marker.length) {
        if (open.sysdesign) fences.push({ start: open.start, end: offset });
        open = undefined;
      }
    } else {
      const m = OPENING.exec(line);
      if (m) open = { marker: m[1]!, sysdesign: m[2]!.toLowerCase() === 'sysdesign', start: Math.min(next, text.length) };
    }
    offset = next;
  }
  if (open?.sysdesign) fences.push({ start: open.start, end: text.length });
  return fences;
}

/** `text` with every character outside the sysdesign fences replaced by a space, line breaks kept: offsets unchanged. */
export function blankOutsideFences(text: string, fences: readonly Fence[] = sysdesignFences(text)): string {
  const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
  let out = '';
  let at = 0;
  for (const f of fences) {
    out += blank(text.slice(at, f.start)) + text.slice(f.start, f.end);
    at = f.end;
  }
  return out + blank(text.slice(at));
}

/** True when `offset` lies in the content of one of `fences` (its end included: a cursor after the last character). */
export function insideFence(fences: readonly Fence[], offset: number): boolean {
  return fences.some((f) => f.start <= offset && offset <= f.end);
}

/** Documents whose sysdesign lives in fences: Markdown, by language id or file name. */
export function isMarkdownDocument(languageId: string, uri: string): boolean {
  return languageId === 'markdown' || /\.(md|markdown)$/i.test(uri);
}
