// Runs a handler so that an exception is logged and answered with a fallback instead of ending the language server;
// a request the client cancelled is answered as cancelled, before or after the work.
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

/** Never rejects: a throw or a rejection becomes `fallback`, after one log line naming the handler. */
export function runSafe<T>(log: (message: string) => void, what: string, fallback: T, handler: () => T | PromiseLike<T>): Promise<T>;
/** The same for a request: when `token` is cancelled before the handler starts or by the time it ends, RequestCancelled. */
export function runSafe<T>(
  log: (message: string) => void,
  what: string,
  fallback: T,
  handler: () => T | PromiseLike<T>,
  token: CancellationToken,
): Promise<T | ResponseError<void>>;
export function runSafe<T>(
  log: (message: string) => void,
  what: string,
  fallback: T,
  handler: () => T | PromiseLike<T>,
  token?: CancellationToken,
): Promise<T | ResponseError<void>> {
  const fail = (error: unknown): T => {
    log(`wixlint: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  };
  const cancelled = (): ResponseError<void> => new ResponseError(LSPErrorCodes.RequestCancelled, `${what} was cancelled`);
  if (token?.isCancellationRequested) return Promise.resolve(cancelled());
  try {
    return Promise.resolve(handler()).then((value) => (token?.isCancellationRequested ? cancelled() : value), fail);
  } catch (error) {
    return Promise.resolve(fail(error));
  }
}
