// What `activate` returns (the extension's `exports`). Small on purpose: the
// extension tests use it to wait for the server instead of sleeping.
import type { MarkdownIt } from './markdown/fence-plugin';

export interface SysdesignApi {
  /** How long `activate` took, in milliseconds (the server starts after it returns). */
  readonly activationMs: number;
  /**
   * Resolves once the language server is running, waiting for a start or
   * restart in progress; resolves false if it could not be started.
   */
  serverReady(): Promise<boolean>;
  /** The markdown-it plugin of the Markdown preview: ```sysdesign fences drawn (markdown/fence-plugin.ts). */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}
