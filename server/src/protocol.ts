// The typed contract between the sysdesign language server and its clients
// (the VS Code extension, the preview webview, tests): identifiers every side
// must agree on, and the custom requests and notifications beyond standard
// LSP. Kept in one place, as vscode-eslint's customMessages.ts and
// rust-analyzer's lsp_ext.ts do. Imports nothing from the core or from VS Code.

/** The language id of `.sysdesign` documents. */
export const LANGUAGE_ID = 'sysdesign';

/** File extension of design files, with the dot. */
export const FILE_EXTENSION = '.sysdesign';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'sysdesign';

/** Name the server reports in `initialize`'s serverInfo. */
export const SERVER_NAME = 'sysdesign-language-server';

/**
 * Semantic token legend. The server encodes with these indices; a client that
 * themes tokens itself (the preview's source view) decodes with them.
 */
export const SEMANTIC_TOKEN_TYPES = [
  'keyword', // system, query, scenario, table, at, event actions
  'type', // component kinds; technologies (with defaultLibrary)
  'variable', // component names
  'property', // property, block, flag and attribute names; columns
  'enumMember', // enum values, true/false
  'number', // numbers, quantities, rates
  'string',
  'comment',
  'function', // calls: exp(…), hash(…); query names
  'operator', // -> = ..
  'struct', // table names
  'namespace', // system names
  'event', // scenario names
] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

/**
 * Options the client may pass as `initializationOptions`. Every field is
 * optional; the server works with none.
 */
export interface InitializationOptions {
  /** Skip reading `.sysdesign` files from disk for workspace symbols (open documents still count). */
  workspaceSymbolsFromDisk?: boolean;
}

// Custom requests and notifications go below, each as a `RequestType` /
// `NotificationType` from vscode-languageserver-protocol with its params and
// result interfaces next to it. None are needed yet: everything the editor
// asks for so far is standard LSP.

// ---- Estimates (Sysdesign: Show Estimates) --------------------------------

/** Request: the estimate report of a document, as markdown (a table per system). */
export const ESTIMATES_REQUEST = 'sysdesign/estimates';

export interface EstimatesParams {
  uri: string;
}

export interface EstimatesResult {
  markdown: string;
  /** Systems that could be estimated. */
  systems: number;
}
