// Colours of the diagram. Every colour the SVG uses is one named token here.
// In a webview the SVG refers to them as CSS custom properties
// (`var(--sd-node-border, #94a3b8)`) so the page can map them onto VS Code's
// theme; a standalone SVG gets the concrete palette value instead.

import { lookupTable } from '../records';

export type ThemeName = 'light' | 'dark';

export type Category = 'edge' | 'network' | 'compute' | 'cache' | 'data' | 'messaging' | 'other';

const CATEGORY_OF_KIND: Readonly<Record<string, Category>> = lookupTable({
  client: 'edge',
  dns: 'edge',
  cdn: 'edge',
  loadbalancer: 'network',
  gateway: 'network',
  proxy: 'network',
  service: 'compute',
  worker: 'compute',
  orchestrator: 'compute',
  job: 'compute',
  cache: 'cache',
  database: 'data',
  blob: 'data',
  table: 'data',
  queue: 'messaging',
  stream: 'messaging',
  pubsub: 'messaging',
});

export function categoryOf(kind: string): Category {
  return CATEGORY_OF_KIND[kind] ?? 'other';
}

type Palette = Record<string, string>;

const CATEGORY_LIGHT: Record<Category, [accent: string, fill: string, stroke: string]> = {
  edge: ['#2563eb', '#eff6ff', '#93b4f5'],
  network: ['#7c3aed', '#f5f3ff', '#b9a3f5'],
  compute: ['#059669', '#ecfdf5', '#79cfae'],
  cache: ['#dc2626', '#fef2f2', '#f2a0a0'],
  data: ['#c2410c', '#fff7ed', '#f5b07a'],
  messaging: ['#c026d3', '#fdf4ff', '#e3a1ec'],
  other: ['#64748b', '#f8fafc', '#b6c0cc'],
};

const CATEGORY_DARK: Record<Category, [accent: string, fill: string, stroke: string]> = {
  edge: ['#60a5fa', '#18243a', '#3d5f95'],
  network: ['#a78bfa', '#241d3b', '#5c4b95'],
  compute: ['#34d399', '#12291f', '#2d7057'],
  cache: ['#f87171', '#2e1818', '#8a3a3a'],
  data: ['#fb923c', '#2e2014', '#8f5527'],
  messaging: ['#e879f9', '#2b1630', '#7d3a88'],
  other: ['#9ca3af', '#24272c', '#525a66'],
};

function build(base: Palette, categories: Record<Category, [string, string, string]>): Palette {
  const palette: Palette = { ...base };
  for (const [category, [accent, fill, stroke]] of Object.entries(categories)) {
    palette[`${category}-accent`] = accent;
    palette[`${category}-fill`] = fill;
    palette[`${category}-stroke`] = stroke;
  }
  return palette;
}

export const PALETTES: Record<ThemeName, Palette> = {
  light: build(
    {
      bg: '#ffffff',
      text: '#0f172a',
      muted: '#526074',
      edge: '#64748b',
      'edge-async': '#64748b',
      'edge-consumer': '#a21caf',
      'label-bg': '#ffffff',
      'label-text': '#334155',
      'label-border': '#cbd5e1',
      'container-bg': '#64748b',
      'container-border': '#94a3b8',
      'container-header': '#334155',
      'node-bg': '#ffffff',
      'stack-bg': '#ffffff',
      highlight: '#f59e0b',
      error: '#dc2626',
      warning: '#d97706',
      info: '#2563eb',
      'badge-text': '#ffffff',
    },
    CATEGORY_LIGHT,
  ),
  dark: build(
    {
      bg: '#1e1e1e',
      text: '#e5e7eb',
      muted: '#a3acb9',
      edge: '#8b95a5',
      'edge-async': '#8b95a5',
      'edge-consumer': '#e879f9',
      'label-bg': '#1e1e1e',
      'label-text': '#d1d5db',
      'label-border': '#4b5563',
      'container-bg': '#94a3b8',
      'container-border': '#64748b',
      'container-header': '#cbd5e1',
      'node-bg': '#1e1e1e',
      'stack-bg': '#1e1e1e',
      highlight: '#fbbf24',
      error: '#f14c4c',
      warning: '#cca700',
      info: '#3794ff',
      'badge-text': '#ffffff',
    },
    CATEGORY_DARK,
  ),
};

/** Resolves colour tokens either to `var(--sd-TOKEN, value)` or to the bare value. */
export type ColorFn = (token: string) => string;

export function colors(theme: ThemeName, concrete: boolean): ColorFn {
  const palette = PALETTES[theme];
  return (token) => {
    const value = palette[token];
    if (value === undefined) throw new Error(`unknown colour token ${token}`);
    return concrete ? value : `var(--sd-${token}, ${value})`;
  };
}
