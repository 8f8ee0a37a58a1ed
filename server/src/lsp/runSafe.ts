// Runs a handler so that an exception is logged and answered with a fallback instead of ending the language server;
// a request the client cancelled is answered as cancelled, before or after the work.
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

/** The failures each log has been told of, by handler and message. */
const logged = new WeakMap<(message: string) => void, Set<string>>();

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
    // Once per handler and error: a client that repeats a malformed request does not fill the log.
    const message = error instanceof Error ? error.message : String(error);
    let seen = logged.get(log);
    if (!seen) logged.set(log, (seen = new Set()));
    const key = `${what}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      log(`wixlint: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
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
