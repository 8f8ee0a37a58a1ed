// A minimal LSP client for tests: spawns a server process and speaks JSON-RPC with Content-Length framing over its stdio.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

interface Waiter {
  accepts(message: Message): boolean;
  resolve(message: Message): void;
  reject(error: Error): void;
}

const HEADER_END = '\r\n\r\n';
/** Long enough for a slow CI machine, short enough that a hung server fails the test instead of the whole run. */
const DEFAULT_TIMEOUT_MS = 10_000;

export class LspProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything the server wrote to stderr, for failure messages. */
  stderr = '';
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  /** Messages nobody waited for yet, in arrival order. */
  private readonly inbox: Message[] = [];
  private readonly waiters = new Set<Waiter>();
  /** Answers to requests from the server by method; any other request is answered with null. */
  readonly handlers = new Map<string, (params: unknown) => unknown>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(command: string, args: readonly string[]) {
    this.child = spawn(command, args, { stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        for (const waiter of this.waiters)
          waiter.reject(new Error(`the server exited (code ${code}, signal ${signal}); stderr: ${this.stderr || '(empty)'}`));
        resolve({ code, signal });
      }),
    );
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Sends a request and resolves with its result; an error response rejects. */
  async request(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<unknown> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    const response = await this.waitFor((m) => m.id === id && m.method === undefined, `the response to ${method}`, timeoutMs);
    if (response.error) throw new Error(`${method} failed: ${response.error.message}`);
    return response.result;
  }

  /** The first notification of this method (already received or still to come) that `accepts` takes; it is consumed. */
  notification(method: string, accepts: (params: unknown) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<unknown> {
    return this.waitFor((m) => m.method === method && m.id === undefined && accepts(m.params), `a ${method} notification`, timeoutMs).then(
      (m) => m.params,
    );
  }

  /** Messages received and not consumed by a wait, such as log messages. */
  unclaimed(): readonly Message[] {
    return this.inbox;
  }

  /** The unclaimed messages, removed: a long session reads them batch by batch instead of keeping them all. */
  takeUnclaimed(): Message[] {
    return this.inbox.splice(0);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}${HEADER_END}`);
    this.child.stdin.write(body);
  }

  private waitFor(accepts: (m: Message) => boolean, what: string, timeoutMs: number): Promise<Message> {
    const index = this.inbox.findIndex(accepts);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0]!);
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.reject(new Error(`the server has exited; was waiting for ${what}; stderr: ${this.stderr || '(empty)'}`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; server stderr: ${this.stderr || '(empty)'}`));
      }, timeoutMs);
      const settle = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        accepts,
        resolve: (m) => {
          settle();
          resolve(m);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      };
      this.waiters.add(waiter);
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /^Content-Length: *(\d+)$/im.exec(header);
      if (!match) throw new Error(`malformed header from the server: ${JSON.stringify(header)}`);
      const start = headerEnd + HEADER_END.length;
      const end = start + Number(match[1]);
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(start, end).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    // A request from the server (registerCapability, workspace/configuration...): answer it so the server never waits on us.
    if (message.method !== undefined && message.id !== undefined) {
      const handler = this.handlers.get(message.method);
      this.send({ jsonrpc: '2.0', id: message.id, result: handler ? handler(message.params) : null });
    }
    for (const waiter of this.waiters) {
      if (waiter.accepts(message)) {
        waiter.resolve(message);
        return;
      }
    }
    this.inbox.push(message);
  }
}
