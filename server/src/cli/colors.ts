import pc from 'picocolors';
import type { CliIO } from './types';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colour is used when standard output is a terminal, unless NO_COLOR is set
 * (to anything non-empty); FORCE_COLOR (anything but "0" / "false") forces it
 * on. `--color` / `--no-color` override both.
 */
export function useColor(io: CliIO, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  const no = io.env.NO_COLOR;
  if (no !== undefined && no !== '') return false;
  return io.isTTY;
}

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
