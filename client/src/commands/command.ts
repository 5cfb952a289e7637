import type { Ctx } from '../ctx';

/** One command: its id (as contributed in package.json) and a factory for its handler. */
export interface Command {
  readonly id: string;
  create(ctx: Ctx): (...args: unknown[]) => unknown;
}
