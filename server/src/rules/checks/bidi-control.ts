import { BIDI_CONTROL_CLASS } from '../../bidi';
import type { Rule } from '../types';

const BIDI_CONTROL = new RegExp(`[${BIDI_CONTROL_CLASS}]`, 'g');

function codePoint(ch: string): string {
  return `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export const bidiControl: Rule = {
  id: 'bidi-control',
  severity: 'warning',
  category: 'Source text',
  summary: 'An invisible bidirectional control character: the design reads differently from what it says.',
  docs: {
    checks: 'Unicode bidirectional controls anywhere in a system, comments and strings included: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and marks (U+200E, U+200F, U+061C).',
    why: 'These characters are invisible, yet they reorder the text around them on screen ("Trojan Source"): a reviewer can read a comment, a title or a value that is not what the file holds. A design has no use for them. The CLI prints them escaped (`U+202E`); remove them from the file.',
    fires: `system shop {
  // \u202Eadmin only\u202C
  service api { instances: 2 }
}`,
    fixed: `system shop {
  // admin only
  service api { instances: 2 }
}`,
  },
  check({ system, text, report }) {
    const within = text.slice(system.span.start, system.span.end);
    for (const m of within.matchAll(BIDI_CONTROL)) {
      const start = system.span.start + m.index!;
      report({
        message: `Invisible bidirectional control character ${codePoint(m[0])}: it reorders the text around it on screen, so the design reads differently from what it holds. Remove it.`,
        span: { start, end: start + 1 },
      });
    }
  },
};
