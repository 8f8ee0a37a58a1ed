// Runs a handler so that an exception is logged and answered with a fallback instead of ending the language server.

/** Never rejects: a throw or a rejection becomes `fallback`, after one log line naming the handler. */
export function runSafe<T>(log: (message: string) => void, what: string, fallback: T, handler: () => T | PromiseLike<T>): Promise<T> {
  const fail = (error: unknown): T => {
    log(`wixlint: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  };
  try {
    return Promise.resolve(handler()).then(undefined, fail);
  } catch (error) {
    return Promise.resolve(fail(error));
  }
}
