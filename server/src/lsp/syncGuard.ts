// The document sync notifications are the one place where a client's mistake would outlive the message: the library's
// TextDocuments stores whatever didOpen carries, and a document without text then fails every later lint, hover and
// symbol request for all documents. Each sync notification is checked before it reaches TextDocuments; a malformed one
// is refused for itself (logged once per kind of fault) and the documents stay as they were.
import type { Connection } from 'vscode-languageserver';

type Handler = (params: unknown, ...rest: unknown[]) => unknown;

/** The sync notifications TextDocuments.listen registers, by the connection method that registers each. */
const CHECKS: Record<string, { method: string; check: (params: unknown) => string | undefined }> = {
  onDidOpenTextDocument: { method: 'textDocument/didOpen', check: didOpenFault },
  onDidChangeTextDocument: { method: 'textDocument/didChange', check: didChangeFault },
  onDidCloseTextDocument: { method: 'textDocument/didClose', check: identifierFault },
  onWillSaveTextDocument: { method: 'textDocument/willSave', check: identifierFault },
  onWillSaveTextDocumentWaitUntil: { method: 'textDocument/willSaveWaitUntil', check: identifierFault },
  onDidSaveTextDocument: { method: 'textDocument/didSave', check: identifierFault },
};

/**
 * The connection as TextDocuments.listen should see it: its sync handlers get only well-formed notifications. A
 * refused notification is logged once per method and fault; a request's fallback for it is an empty answer.
 */
export function guardDocumentSync(connection: Connection, log: (message: string) => void): Connection {
  const logged = new Set<string>();
  const refuse = (method: string, fault: string): void => {
    const key = `${method}\u0000${fault}`;
    if (logged.has(key)) return;
    logged.add(key);
    log(`wixlint: refused a ${method} notification: ${fault}. The open documents are unchanged; later ones like it are refused without a log line.`);
  };
  return new Proxy(connection, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      const guard = typeof property === 'string' && Object.hasOwn(CHECKS, property) ? CHECKS[property] : undefined;
      if (!guard || typeof value !== 'function') return value;
      return (handler: Handler) =>
        (value as (h: Handler) => unknown).call(target, (params: unknown, ...rest: unknown[]) => {
          const fault = guard.check(params);
          if (fault === undefined) return handler(params, ...rest);
          refuse(guard.method, fault);
          return guard.method === 'textDocument/willSaveWaitUntil' ? [] : undefined;
        });
    },
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** What is wrong with a notification's textDocument identifier; undefined when it names a document. */
export function identifierFault(params: unknown): string | undefined {
  if (!isObject(params) || !isObject(params['textDocument'])) return 'it has no textDocument';
  const uri = params['textDocument']['uri'];
  return typeof uri === 'string' && uri !== '' ? undefined : 'its textDocument has no uri';
}

export function didOpenFault(params: unknown): string | undefined {
  const fault = identifierFault(params);
  if (fault !== undefined) return fault;
  const document = (params as { textDocument: Record<string, unknown> }).textDocument;
  if (typeof document['text'] !== 'string') return 'its textDocument has no text';
  if (typeof document['languageId'] !== 'string') return 'its textDocument has no languageId';
  if (!Number.isSafeInteger(document['version'])) return 'its textDocument has no integer version';
  return undefined;
}

export function didChangeFault(params: unknown): string | undefined {
  const fault = identifierFault(params);
  if (fault !== undefined) return fault;
  const { textDocument, contentChanges } = params as { textDocument: Record<string, unknown>; contentChanges: unknown };
  if (!Number.isSafeInteger(textDocument['version'])) return 'its textDocument has no integer version';
  if (!Array.isArray(contentChanges)) return 'it has no contentChanges list';
  for (const change of contentChanges) {
    if (!isObject(change) || typeof change['text'] !== 'string') return 'a content change has no text';
    if (change['range'] === undefined) continue;
    const range = change['range'];
    const position = (p: unknown): p is { line: number; character: number } => isObject(p) && isCount(p['line']) && isCount(p['character']);
    if (!isObject(range) || !position(range['start']) || !position(range['end'])) return 'a content change has a malformed range';
    const { start, end } = range;
    if (start.line > end.line || (start.line === end.line && start.character > end.character))
      return 'a content change has a range that ends before it starts';
  }
  return undefined;
}
