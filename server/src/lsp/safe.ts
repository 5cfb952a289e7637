// Every request handler runs through `guard`: an exception is logged to the
// client's output channel and the request answers with an empty result, so one
// bad input never takes the server down. Deliberate protocol errors
// (ResponseError, e.g. "cannot rename a keyword") pass through to the client.
import { ResponseError } from 'vscode-languageserver';
import type { Connection } from 'vscode-languageserver';

export type Logger = Pick<Connection['console'], 'error' | 'log'>;

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export function guard<P extends unknown[], R>(logger: Logger, name: string, fallback: () => R, fn: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await fn(...args);
    } catch (err) {
      if (err instanceof ResponseError) throw err;
      try {
        logger.error(`sysdesign: ${name} failed: ${describeError(err)}`);
      } catch {
        // the connection itself is gone; nothing more to do
      }
      return fallback();
    }
  };
}

/** The same for notifications and events, which have no result. */
export function guardVoid<P extends unknown[]>(logger: Logger, name: string, fn: (...args: P) => void): (...args: P) => void {
  return (...args: P) => {
    try {
      fn(...args);
    } catch (err) {
      try {
        logger.error(`sysdesign: ${name} failed: ${describeError(err)}`);
      } catch {
        // ignore
      }
    }
  };
}
