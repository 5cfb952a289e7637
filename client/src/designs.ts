// What the commands accept as "a design": a Uri (editor title buttons), a
// uri string (code lenses pass strings), or an editor showing a .sysdesign file.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../server/src/protocol';

/** A command argument read as a Uri: a Uri, or a string that parses as one; otherwise undefined. */
export function asUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value) {
    try {
      return vscode.Uri.parse(value, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function isDesign(document: vscode.TextDocument): boolean {
  return document.languageId === LANGUAGE_ID;
}
