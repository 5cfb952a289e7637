// The markdown-it plugin VS Code's Markdown preview loads through
// `extendMarkdownIt` (extension.ts): a ```sysdesign fence is rendered as the
// usual code block inside a holder that carries the fence's text. markdown-it
// renders synchronously and laying out a diagram does not (ELK is
// asynchronous), so the drawing is made in the preview itself by
// dist/webview/markdown-preview.js (client/webview/markdown-preview.ts,
// contributed as `markdown.previewScripts`), which reads the text from the
// holder, lays it out and inserts the SVG; until then, and if the fence cannot
// be drawn, the code block shows. Nothing here imports vscode, so the plugin
// runs in plain Node for its tests.
import type MarkdownItConstructor from 'markdown-it';

/** A markdown-it instance (the package's types export only its constructor). */
export type MarkdownIt = InstanceType<typeof MarkdownItConstructor>;

/** The holder's class and the attribute holding the fence text; markdown-preview.ts reads the same names. */
export const FENCE_CLASS = 'sysdesign-fence';
export const SOURCE_ATTRIBUTE = 'data-sysdesign-source';

/** True when a fence's info string names sysdesign (its first word, any case). */
export function isSysdesignInfo(info: string): boolean {
  return info.trim().split(/\s+/)[0]?.toLowerCase() === 'sysdesign';
}

export function sysdesignFencePlugin(md: MarkdownIt): MarkdownIt {
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const code = fence ? fence(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
    const token = tokens[idx]!;
    if (!isSysdesignInfo(token.info)) return code;
    // escapeHtml covers & < > ": the text can neither leave the attribute nor become markup.
    return `<div class="${FENCE_CLASS}" ${SOURCE_ATTRIBUTE}="${md.utils.escapeHtml(token.content)}">${code}</div>\n`;
  };
  return md;
}
