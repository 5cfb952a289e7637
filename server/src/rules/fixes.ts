// Builds quick-fix text edits that respect the file's own layout: replacing a
// value, adding a property to a body (inline bodies stay inline), adding a
// block or a line, removing a property.
import type { Block, Declaration, Span } from '../syntax/ast';
import type { PropertyBag } from '../model/types';
import type { TextEdit } from '../diagnostics';
import type { PropertyName } from '../schema/property-names';

type BodyOwner = Declaration | Block;

export class FixBuilder {
  constructor(private readonly text: string) {}

  replace(span: Span, newText: string): TextEdit {
    return { span, newText };
  }

  /** Leading white space of the line holding `offset`. */
  indentAt(offset: number): string {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(this.text.slice(lineStart, offset))![0];
  }

  private openBrace(owner: BodyOwner): number | undefined {
    if (owner.type === 'declaration') return owner.bodySpan?.start;
    const i = this.text.indexOf('{', owner.name.span.end);
    return i >= 0 && i < owner.span.end ? i : undefined;
  }

  private isInline(open: number, owner: BodyOwner): boolean {
    const close = owner.span.end;
    return !this.text.slice(open, close).includes('\n');
  }

  /** Inserts `item` (one `name: value` or a block) as the first item of owner's body. */
  insertItem(owner: BodyOwner, item: string): TextEdit {
    const open = this.openBrace(owner);
    if (open === undefined) {
      // `service api` with no body: give it one.
      return { span: { start: owner.span.end, end: owner.span.end }, newText: ` { ${item} }` };
    }
    if (this.isInline(open, owner)) {
      const emptyBody = /^\{\s*\}$/.test(this.text.slice(open, owner.span.end));
      return { span: { start: open + 1, end: open + 1 }, newText: emptyBody ? ` ${item}` : ` ${item} ` };
    }
    const items = owner.type === 'declaration' ? owner.body ?? [] : owner.items;
    const indent = items.length ? this.indentAt(items[0].span.start) : this.indentAt(owner.span.start) + '  ';
    const multiline = item.includes('\n') ? item.split('\n').join(`\n${indent}`) : item;
    return { span: { start: open + 1, end: open + 1 }, newText: `\n${indent}${multiline}` };
  }

  /** Sets `name` to `valueText` in `props` (owned by `owner`): replace when written, else add. */
  setProperty(owner: BodyOwner, props: PropertyBag, name: PropertyName, valueText: string): TextEdit {
    const current = props.get(name);
    if (current?.explicit && current.valueSpan) return this.replace(current.valueSpan, valueText);
    return this.insertItem(owner, `${name}: ${valueText}`);
  }

  /** Removes a property (its whole line when it stands alone on one). */
  removeProperty(props: PropertyBag, name: PropertyName): TextEdit | undefined {
    const current = props.get(name);
    if (!current?.explicit || !current.span) return undefined;
    return this.removeSpan(current.span);
  }

  removeSpan(span: Span): TextEdit {
    const lineStart = this.text.lastIndexOf('\n', span.start - 1) + 1;
    const nextNewline = this.text.indexOf('\n', span.end);
    const lineEnd = nextNewline < 0 ? this.text.length : nextNewline;
    const before = this.text.slice(lineStart, span.start);
    const after = this.text.slice(span.end, lineEnd);
    if (/^\s*$/.test(before) && /^\s*(?:\/\/.*)?$/.test(after) && nextNewline >= 0) {
      return { span: { start: lineStart, end: nextNewline + 1 }, newText: '' };
    }
    // Inline: remove the item and the white space after it.
    const trailing = /^[ \t,]*/.exec(after)![0].length;
    return { span: { start: span.start, end: span.end + trailing }, newText: '' };
  }

  /** Inserts a whole line before the line holding `offset`, with that line's indentation. */
  insertLineBefore(offset: number, line: string): TextEdit {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    return { span: { start: lineStart, end: lineStart }, newText: `${this.indentAt(offset)}${line}\n` };
  }
}

/** Applies edits (non-overlapping) to text; used by tests and the CLI. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
