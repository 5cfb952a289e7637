// Semantic tokens (full document): keywords, component kinds, component and
// table names (declarations marked), properties, enum values, numbers,
// strings, comments, calls and operators. Multi-line tokens (block comments)
// are split per line, as LSP requires unless the client says otherwise.
import { SemanticTokens, SemanticTokensBuilder, SemanticTokensLegend, SemanticTokensParams } from 'vscode-languageserver';
import type { Analysis } from '../analyze';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, SemanticTokenModifier, SemanticTokenType } from '../protocol';
import type { DocumentStore } from './documents';
import { documentIndex, Mark } from '../ide/document-index';

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS],
};

const TYPE_INDEX = new Map<SemanticTokenType, number>(SEMANTIC_TOKEN_TYPES.map((t, i) => [t, i]));
const MODIFIER_BIT = new Map<SemanticTokenModifier, number>(SEMANTIC_TOKEN_MODIFIERS.map((m, i) => [m, 1 << i]));

interface Classified {
  start: number;
  end: number;
  type: SemanticTokenType;
  modifiers: SemanticTokenModifier[];
}

export function provideSemanticTokens(store: DocumentStore, params: SemanticTokensParams): SemanticTokens {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return { data: [] };
  return encode(doc.analysis, classify(doc.analysis));
}

function markClass(mark: Mark): { type: SemanticTokenType; modifiers: SemanticTokenModifier[] } | undefined {
  switch (mark.role) {
    case 'system-keyword':
    case 'keyword':
    case 'action':
      return { type: 'keyword', modifiers: [] };
    case 'system-name':
      return { type: 'namespace', modifiers: ['declaration'] };
    case 'kind':
      return { type: 'type', modifiers: [] };
    case 'tech':
      return { type: 'type', modifiers: ['defaultLibrary'] };
    case 'name': {
      const o = mark.occurrences[0];
      const modifiers: SemanticTokenModifier[] = o.declaration ? ['declaration'] : [];
      const type: SemanticTokenType = o.kind === 'component' ? 'variable' : o.kind === 'table' ? 'struct' : o.kind === 'column' ? 'property' : o.kind === 'query' || o.kind === 'view' ? 'function' : 'event';
      return { type, modifiers };
    }
    case 'property':
    case 'block':
    case 'replica':
      return { type: 'property', modifiers: [] };
    case 'enum':
      return { type: 'enumMember', modifiers: [] };
    case 'number':
      return { type: 'number', modifiers: [] };
    case 'call':
      return { type: 'function', modifiers: [] };
  }
}

export function classify(analysis: Analysis): Classified[] {
  const byStart = new Map<number, Classified>();
  const index = documentIndex(analysis);
  for (const mark of index.marks) {
    const c = markClass(mark);
    if (c && mark.span.end > mark.span.start && !byStart.has(mark.span.start)) byStart.set(mark.span.start, { start: mark.span.start, end: mark.span.end, ...c });
  }
  for (const t of analysis.tokens) {
    if (byStart.has(t.startOffset)) continue;
    const name = t.tokenType.name;
    const end = t.startOffset + t.image.length;
    let type: SemanticTokenType | undefined;
    if (name === 'NumberLiteral' || name === 'QuantityLiteral' || name === 'RateLiteral') type = 'number';
    else if (name === 'ClosedString' || name === 'UnterminatedString') type = 'string';
    else if (name === 'Arrow' || name === 'Equals' || name === 'DotDot') type = 'operator';
    else if (name === 'SystemKw' || name === 'QueryKw' || name === 'ScenarioKw' || name === 'TableKw' || name === 'ViewKw') type = 'keyword';
    if (type) byStart.set(t.startOffset, { start: t.startOffset, end, type, modifiers: [] });
  }
  for (const c of analysis.ast.comments) byStart.set(c.span.start, { start: c.span.start, end: c.span.end, type: 'comment', modifiers: [] });
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

function encode(analysis: Analysis, tokens: Classified[]): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  const lines = analysis.lines;
  let lastEnd = 0;
  for (const t of tokens) {
    if (t.start < lastEnd) continue; // overlapping: keep the first
    lastEnd = t.end;
    const type = TYPE_INDEX.get(t.type)!;
    const mods = t.modifiers.reduce((bits, m) => bits | (MODIFIER_BIT.get(m) ?? 0), 0);
    const first = lines.position(t.start);
    const last = lines.position(t.end);
    for (let line = first.line; line <= last.line; line++) {
      const lineLength = lines.lineText(line).length;
      const from = line === first.line ? first.character : 0;
      const to = line === last.line ? last.character : lineLength;
      const length = Math.min(to, lineLength) - from;
      if (length > 0) builder.push(line, from, length, type, mods);
    }
  }
  return builder.build();
}
