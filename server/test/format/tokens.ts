// Test helpers: the token stream a formatter must preserve, computed
// independently of the formatter.
import { sysdesignLexer } from '../../src/syntax/tokens';

/**
 * Every token and comment of `text`, as `Kind:image`, in order, without
 * separator commas (commas directly inside `{ }`, which the formatter may
 * drop); line comments without trailing blanks. Characters the
 * lexer cannot read are included as `?:chars`.
 */
export function tokenStream(text: string): string[] {
  const lexed = sysdesignLexer.tokenize(text);
  const all = [
    ...lexed.tokens.map((t) => ({ at: t.startOffset, kind: t.tokenType.name, image: t.image })),
    ...((lexed.groups.comments ?? []) as typeof lexed.tokens).map((t) => ({
      at: t.startOffset,
      kind: t.tokenType.name,
      image: t.tokenType.name === 'LineComment' ? t.image.trimEnd() : t.image,
    })),
    ...lexed.errors.map((e) => ({ at: e.offset, kind: '?', image: text.slice(e.offset, e.offset + e.length) })),
  ].sort((a, b) => a.at - b.at);
  const out: string[] = [];
  const open: string[] = [];
  for (const t of all) {
    if (t.kind === 'LCurly' || t.kind === 'LParen' || t.kind === 'LBracket') open.push(t.kind);
    else if (t.kind === 'RCurly' || t.kind === 'RParen' || t.kind === 'RBracket') open.pop();
    else if (t.kind === 'Comma' && open[open.length - 1] === 'LCurly') continue;
    out.push(`${t.kind}:${t.image}`);
  }
  return out;
}

/** The text without white space and commas: nothing else may change when formatting. */
export function ink(text: string): string {
  return text.replace(/[\s,]+/g, '');
}
