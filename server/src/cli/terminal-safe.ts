// Text from a design echoed to a terminal or a CI log. A design could hold
// ESC (retitle the terminal, erase lines), BEL, NUL or a bidi override that
// makes a line read differently from what it says; whatever the colour
// setting, such characters are printed as visible escapes instead: `\x1b`
// for control characters, `U+202E` for bidi controls.

import { BIDI_CONTROL_CLASS } from '../bidi';

/** C0 controls but tab and newline, DEL, C1 controls. */
const CONTROL = '\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f';

const UNSAFE = new RegExp(`[${CONTROL}${BIDI_CONTROL_CLASS}]`, 'g');

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0x9f ? `\\x${code.toString(16).padStart(2, '0')}` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `text` with every control and bidi character shown as an escape (tabs and newlines are kept). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, visible);
}
