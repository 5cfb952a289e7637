// Entry point: activate and deactivate only. Everything else lives in Ctx.
import * as vscode from 'vscode';
import type { SysdesignApi } from './api';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { registerPreview } from './preview/manager';
import { sysdesignFencePlugin } from './markdown/fence-plugin';

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): SysdesignApi {
  const t0 = performance.now();
  const c = new Ctx(context);
  ctx = c;
  // The preview panel and its serializer (restores the panel after a window reload).
  const preview = registerPreview(c, context.extensionUri);
  registerCommands(c, preview);
  // The server starts in the background: activation does not wait for it,
  // and commands that need it wait through Ctx.
  void c.start();
  const activationMs = Math.round(performance.now() - t0);
  c.log(`activated in ${activationMs} ms`);
  // Also on the extension host's console, where the end-to-end harness reads it.
  console.log(`[sysdesign] activated in ${activationMs} ms`);
  // VS Code's Markdown preview calls extendMarkdownIt (contributes.markdown.markdownItPlugins).
  return { activationMs, serverReady: () => c.serverReady(), extendMarkdownIt: sysdesignFencePlugin };
}

export function deactivate(): Promise<void> | undefined {
  const c = ctx;
  ctx = undefined;
  return c?.dispose();
}
