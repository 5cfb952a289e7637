// Offsets <-> LSP positions. The core's spans are UTF-16 offsets, the same
// unit LSP characters use, so this is only line bookkeeping.
import type { Position, Range } from 'vscode-languageserver';
import type { Analysis } from '../analyze';
import type { Span } from '../syntax/ast';

export function toRange(analysis: Analysis, span: Span): Range {
  return analysis.lines.range(span);
}

export function toOffset(analysis: Analysis, position: Position): number {
  return analysis.lines.offset(position);
}
