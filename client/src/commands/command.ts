import type { Ctx } from '../ctx';
import type { PreviewManager } from '../preview/manager';

/** One command: its id (as contributed in package.json) and a factory for its handler. */
export interface Command {
  readonly id: string;
  /** `ctx` owns the server and the simulation service; `preview` the diagram preview. */
  create(ctx: Ctx, preview: PreviewManager): (...args: unknown[]) => unknown;
}
