// The outline: systems > components (regions and groups > their components;
// databases > tables > columns), queries, scenarios, views and the workload.
import { DocumentSymbol, DocumentSymbolParams, SymbolKind } from 'vscode-languageserver';
import type { Analysis } from '../analyze';
import type { Declaration, Item, SystemDecl } from '../syntax/ast';
import type { DocumentStore } from './documents';
import { toRange } from './convert';
import { lookupTable } from '../records';

const KIND_SYMBOL: Readonly<Record<string, SymbolKind>> = lookupTable({
  client: SymbolKind.Interface,
  dns: SymbolKind.Interface,
  cdn: SymbolKind.Interface,
  loadbalancer: SymbolKind.Interface,
  gateway: SymbolKind.Interface,
  proxy: SymbolKind.Interface,
  service: SymbolKind.Class,
  worker: SymbolKind.Class,
  orchestrator: SymbolKind.Class,
  job: SymbolKind.Class,
  cache: SymbolKind.Object,
  database: SymbolKind.Object,
  blob: SymbolKind.File,
  queue: SymbolKind.Event,
  stream: SymbolKind.Event,
  pubsub: SymbolKind.Event,
  region: SymbolKind.Namespace,
  group: SymbolKind.Package,
  table: SymbolKind.Struct,
  query: SymbolKind.Method,
  scenario: SymbolKind.Function,
  view: SymbolKind.Enum,
});

export function provideDocumentSymbols(store: DocumentStore, params: DocumentSymbolParams): DocumentSymbol[] {
  const doc = store.get(params.textDocument.uri);
  return doc ? documentSymbols(doc.analysis) : [];
}

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  return analysis.ast.systems.map((s) => systemSymbol(analysis, s));
}

function systemSymbol(analysis: Analysis, system: SystemDecl): DocumentSymbol {
  const name = system.name?.text ?? system.title?.value ?? 'system';
  const nameSpan = system.name?.span ?? system.title?.span ?? system.keyword.span;
  return {
    name: name || 'system',
    detail: system.name && system.title ? system.title.value : 'system',
    kind: SymbolKind.Module,
    range: toRange(analysis, system.span),
    selectionRange: toRange(analysis, nameSpan),
    children: children(analysis, system.items),
  };
}

function children(analysis: Analysis, items: Item[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const item of items) {
    if (item.type === 'declaration' && item.name) out.push(declarationSymbol(analysis, item));
    else if (item.type === 'block' && item.name.text === 'workload') {
      out.push({
        name: 'workload',
        detail: 'expected usage',
        kind: SymbolKind.Property,
        range: toRange(analysis, item.span),
        selectionRange: toRange(analysis, item.name.span),
        children: [],
      });
    }
  }
  return out;
}

function declarationSymbol(analysis: Analysis, decl: Declaration): DocumentSymbol {
  const keyword = decl.keyword.text;
  const detail = [keyword, decl.tech ? `: ${decl.tech.text}` : '', decl.title ? ` — ${decl.title.value}` : ''].join('');
  const symbol: DocumentSymbol = {
    name: decl.name!.text,
    detail,
    kind: KIND_SYMBOL[keyword] ?? SymbolKind.Class,
    range: toRange(analysis, decl.span),
    selectionRange: toRange(analysis, decl.name!.span),
    children: children(analysis, decl.body ?? []),
  };
  if (keyword === 'table') symbol.children = columnSymbols(analysis, decl);
  return symbol;
}

function columnSymbols(analysis: Analysis, table: Declaration): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const item of table.body ?? []) {
    if (item.type !== 'property' || item.name.text !== 'columns' || !item.value) continue;
    const entries = item.value.type === 'list' ? item.value.items : [];
    for (const entry of entries) {
      const name = entry.name ?? (entry.value?.type === 'ref' && entry.value.parts.length === 1 ? entry.value.parts[0] : undefined);
      if (!name) continue;
      const type = entry.name && entry.value?.type === 'ref' ? entry.value.parts.map((p) => p.text).join('.') : undefined;
      out.push({
        name: name.text,
        detail: type ?? 'column',
        kind: SymbolKind.Field,
        range: toRange(analysis, entry.span),
        selectionRange: toRange(analysis, name.span),
      });
    }
  }
  return out;
}
