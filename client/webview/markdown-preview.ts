// Draws the ```sysdesign fences of VS Code's Markdown preview (contributed as
// `markdown.previewScripts`, bundled to dist/webview/markdown-preview.js).
// The markdown-it plugin (client/src/markdown/fence-plugin.ts) leaves each
// fence in a holder carrying its text; this script analyses that text with
// the language core, lays out its first system with ELK and inserts the same
// SVG the diagram preview draws. It runs again whenever the preview updates
// (`vscode.markdown.updateContent`), redrawing only fences whose text changed.
//
// Security: the SVG comes from diagram/svg.ts, which escapes every string of
// the design and emits no script, event attribute or foreignObject.
import { analyze } from '../../server/src/analyze';
import { buildGraph } from '../../server/src/diagram/graph';
import { layoutGraph } from '../../server/src/diagram/layout';
import { renderSvg } from '../../server/src/diagram/svg';

/** The names fence-plugin.ts writes (FENCE_CLASS, SOURCE_ATTRIBUTE). */
const FENCE_CLASS = 'sysdesign-fence';
const SOURCE_ATTRIBUTE = 'data-sysdesign-source';

function theme(): 'light' | 'dark' {
  const body = document.body.classList;
  return body.contains('vscode-dark') || (body.contains('vscode-high-contrast') && !body.contains('vscode-high-contrast-light')) ? 'dark' : 'light';
}

async function draw(holder: HTMLElement): Promise<void> {
  const source = holder.getAttribute(SOURCE_ATTRIBUTE) ?? '';
  const key = `${theme()}\n${source}`;
  if (holder.dataset.sysdesignDrawn === key) return;
  holder.dataset.sysdesignDrawn = key;
  let target = holder.querySelector<HTMLElement>(':scope > .sysdesign-drawing');
  if (!target) {
    target = document.createElement('div');
    target.className = 'sysdesign-drawing';
    holder.prepend(target);
  }
  holder.classList.remove('drawn', 'failed');
  try {
    const system = analyze(source).systems[0];
    if (!system) throw new Error('the fence declares no system');
    const drawing = await layoutGraph(buildGraph(system));
    // The fence changed while ELK worked: the newer call draws it.
    if (holder.dataset.sysdesignDrawn !== key) return;
    target.innerHTML = renderSvg(drawing, { theme: theme() });
    holder.classList.add('drawn');
  } catch (err) {
    target.textContent = `sysdesign: cannot draw this fence: ${err instanceof Error ? err.message : String(err)}`;
    holder.classList.add('failed');
  }
}

function drawAll(): void {
  for (const holder of document.querySelectorAll<HTMLElement>(`.${FENCE_CLASS}`)) void draw(holder);
}

window.addEventListener('vscode.markdown.updateContent', drawAll);
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll);
else drawAll();
