// Tells the extension the diagram area's size, so `layout: auto` can choose
// the layout that fits it: once at start (before `ready`, so the first
// drawing already fits) and again after each resize settles. The extension
// asks for a new layout only when the aspect ratio moves to another bucket.
const SETTLE_MS = 250;

export function reportViewportSize(viewport: HTMLElement, post: (size: { width: number; height: number }) => void): void {
  let last = '';
  const send = (): void => {
    const width = viewport.clientWidth;
    const height = viewport.clientHeight;
    const key = `${width}x${height}`;
    if (width <= 0 || height <= 0 || key === last) return;
    last = key;
    post({ width, height });
  };
  send();
  let timer: ReturnType<typeof setTimeout> | undefined;
  new ResizeObserver(() => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(send, SETTLE_MS);
  }).observe(viewport);
}
