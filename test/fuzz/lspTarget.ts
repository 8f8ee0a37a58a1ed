// Fuzz target: the language server's document sync, over a real server process. An input is a batch of JSON-RPC messages,
// one a line — didOpen, didChange (whole text, or ranges in and out of the document), didClose with mutated sources,
// requests at any position, and params broken in every way — after which the server must still be running and must
// answer the next request about a good document correctly.
import * as path from 'node:path';
import { LspProcess, type Message } from '../lsp/lspProcess';
import { ISA_MIXING_PRODUCT } from '../lsp/documents';
import type { Random } from './random';
import type { Failure, FuzzInput, Target } from './runner';
import { mutateText, REPO, sourceSeeds, type Scale } from './wixMutations';

const SERVER = path.join(REPO, 'out', 'server', 'src', 'node', 'main.js');
const FOLDER = 'file:///tmp/wixlint-fuzz-lsp';
/** Documents the batches open: real-looking ones, and URIs a client should never send. */
const URIS = [
  `${FOLDER}/Product.wxs`,
  `${FOLDER}/Main.wxs`,
  `${FOLDER}/Parts.wxi`,
  `${FOLDER}/Config.wxi`,
  'untitled:Untitled-1',
  'file:///',
  '',
  `${FOLDER}/Package.msi`,
  'not a uri',
  `${FOLDER}/%E0%A4%A.wxs`,
  `${FOLDER}/a%2Fb.wxs`,
  'file://server/share/x.wxs',
  'http://example.com/x.wxs',
  `${FOLDER}/${'x'.repeat(300)}.wxs`,
];
/** The document each batch ends with, to see that the server still answers correctly. */
const PROBE_URI = `${FOLDER}/Probe.wxs`;
const REQUEST_TIMEOUT_MS = 5000;
/** Not sent: the batch waits here. */
const WAIT = '$/fuzz/wait';
/** Longer than the server's 200 ms debounce, so that a lint runs. */
const LINT_PAUSE_MS = 300;

const WEIRD = [null, 0, -1, 1.5, 2 ** 31, 1e308, '', 'x', 'x'.repeat(10_000), [], {}, true, { line: 0 }, [0, 0]];

/** Notes that an op's params were made invalid, not just out of range. */
interface Breakage {
  broken: boolean;
}

/** Mostly a position in or past the document (negative, huge, fractional); now and then not a position at all. */
function position(random: Random, breakage: Breakage): unknown {
  if (random.chance(0.05)) {
    breakage.broken = true;
    return random.pick(WEIRD);
  }
  const coordinate = (): number => random.pick([0, random.below(40), random.below(200), -1, 2 ** 31, 1e9, 0.5]);
  return { line: coordinate(), character: coordinate() };
}

function range(random: Random, breakage: Breakage): unknown {
  if (random.chance(0.05)) {
    breakage.broken = true;
    return random.pick(WEIRD);
  }
  return { start: position(random, breakage), end: position(random, breakage) };
}

function snippet(random: Random): string {
  const seed = random.pick(sourceSeeds()).text;
  const start = random.below(seed.length);
  return random.pick(['', '\n', '<', '"', '<?include Parts.wxi ?>', '$(var.X)', '\r\n', seed.slice(start, start + random.size(400))]);
}

interface Op {
  method: string;
  params: unknown;
  request: boolean;
  /** Its params were broken on purpose: the server may log that a handler threw, as long as it answers. */
  malformed?: boolean;
}

const REQUESTS = [
  'textDocument/hover',
  'textDocument/documentSymbol',
  'textDocument/completion',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentHighlight',
  'textDocument/documentLink',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/codeAction',
];

function op(random: Random, scale: Scale, opened: string[]): Op {
  const breakage: Breakage = { broken: false };
  const made = makeOp(random, scale, opened, breakage);
  return breakage.broken ? { ...made, malformed: true } : made;
}

function makeOp(random: Random, scale: Scale, opened: string[], breakage: Breakage): Op {
  const uri = opened.length > 0 && random.chance(0.7) ? random.pick(opened) : random.pick(URIS);
  const version = random.pick([1, 2, random.below(1000), 0, -1, 2 ** 31]);
  switch (random.below(8)) {
    case 0:
    case 1: {
      opened.push(uri);
      const seed = random.pick(sourceSeeds());
      const text = random.chance(0.8) ? mutateText(seed.text, random, scale).text : seed.text;
      return {
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: random.pick(['wxs', 'wxi', 'xml', '']), version, text } },
        request: false,
      };
    }
    case 2: {
      const seed = random.pick(sourceSeeds());
      return {
        method: 'textDocument/didChange',
        params: { textDocument: { uri, version }, contentChanges: [{ text: mutateText(seed.text, random, scale).text }] },
        request: false,
      };
    }
    case 3:
    case 4: {
      const changes = Array.from({ length: 1 + random.size(4) }, () => {
        const change: Record<string, unknown> = { range: range(random, breakage), text: snippet(random) };
        if (random.chance(0.2)) change['rangeLength'] = random.pick([0, 1, -1, 1e9]);
        return change;
      });
      return { method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: changes }, request: false };
    }
    case 5:
      return { method: 'textDocument/didClose', params: { textDocument: { uri } }, request: false };
    default: {
      const method = random.chance(0.1) ? 'workspace/symbol' : random.pick(REQUESTS);
      const params: Record<string, unknown> = { textDocument: { uri }, position: position(random, breakage) };
      if (method === 'workspace/symbol') params['query'] = random.pick(['', 'Core', 'x'.repeat(1000)]);
      if (method === 'textDocument/rename') params['newName'] = random.pick(['New', '', ' ', 'a"b', '<x>']);
      if (method === 'textDocument/references') params['context'] = { includeDeclaration: random.chance(0.5) };
      if (method === 'textDocument/codeAction') {
        params['range'] = range(random, breakage);
        params['context'] = { diagnostics: [{ range: range(random, breakage), message: 'x', code: 'ice80', data: random.pick(WEIRD) }] };
      }
      return { method, params, request: true };
    }
  }
}

/** Breaks the params of a message: a member dropped or replaced somewhere inside, or the params themselves replaced. */
function malformed(message: Op, random: Random): Op {
  const params = structuredClone(message.params) as Record<string, unknown>;
  if (random.chance(0.15)) return { ...message, params: random.pick([null, undefined, [], 'params', 42]), malformed: true };
  // A path of keys into the params; the last one is dropped or replaced.
  let holder: Record<string, unknown> = params;
  for (;;) {
    const keys = Object.keys(holder);
    if (keys.length === 0) return { ...message, params, malformed: true };
    const key = random.pick(keys);
    const value = holder[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && random.chance(0.6)) {
      holder = value as Record<string, unknown>;
      continue;
    }
    if (Array.isArray(value) && value.length > 0 && random.chance(0.5)) {
      holder = value[0] as Record<string, unknown>;
      if (holder === null || typeof holder !== 'object') return { ...message, params, malformed: true };
      continue;
    }
    if (random.chance(0.4)) delete holder[key];
    else holder[key] = random.pick(WEIRD);
    return { ...message, params, malformed: true };
  }
}

function makeBatch(random: Random, scale: Scale): Op[] {
  const opened: string[] = [];
  const ops: Op[] = [];
  const count = 1 + random.size(30);
  for (let i = 0; i < count; i++) {
    const next = op(random, scale, opened);
    ops.push(random.chance(0.15) ? malformed(next, random) : next);
    if (random.chance(0.02)) {
      const method = random.pick(['textDocument/unknown', '$/cancelRequest', 'wixlint/inspectMsi', 'workspace/executeCommand']);
      ops.push({ method, params: random.pick(WEIRD), request: random.chance(0.5), malformed: true });
    }
  }
  // Now and then the batch pauses long enough for the debounced lint to run over what it has open.
  if (random.chance(0.05)) ops.splice(random.below(ops.length + 1), 0, { method: WAIT, params: LINT_PAUSE_MS, request: false });
  // Close what was opened, so that each batch starts from a server with only what a bug left behind.
  for (const uri of new Set(opened)) ops.push({ method: 'textDocument/didClose', params: { textDocument: { uri } }, request: false });
  return ops;
}

/** One message a line; `malformed` is the fuzzer's mark, never sent. */
function encodeBatch(ops: Op[]): Uint8Array {
  const lines = ops.map((o) =>
    JSON.stringify({
      jsonrpc: '2.0',
      ...(o.request ? { id: 0 } : {}),
      method: o.method,
      params: o.params,
      ...(o.malformed ? { malformed: true } : {}),
    }),
  );
  return new Uint8Array(Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
}

function decodeBatch(bytes: Uint8Array): Op[] {
  return Buffer.from(bytes)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        const message = JSON.parse(line) as Message & { malformed?: boolean };
        if (typeof message.method !== 'string') return [];
        return [{ method: message.method, params: message.params, request: message.id !== undefined, malformed: message.malformed === true }];
      } catch {
        // A shrunk case may cut a line in two; such a line is left out.
        return [];
      }
    });
}

/** The log lines in which the server says a handler threw (runSafe's, and vscode-jsonrpc's for the document sync it owns). */
function thrown(messages: Message[]): string[] {
  return messages
    .filter((m) => m.method === 'window/logMessage')
    .map((m) => String((m.params as { message?: unknown }).message ?? ''))
    .filter((text) => / failed[: ]/.test(text));
}

export interface LspTargetOptions {
  scale?: Scale;
  /** Check that the probe document's diagnostics are published after this many batches (0: never). */
  diagnosticsEvery?: number;
}

export function lspTarget(options: LspTargetOptions = {}): Target {
  const scale = options.scale ?? { maxRepeat: 200 };
  let server: LspProcess | undefined;
  let probeVersion = 0;
  let batches = 0;

  async function start(): Promise<LspProcess> {
    const process_ = new LspProcess(process.execPath, [SERVER, '--stdio']);
    await process_.request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: false } } });
    process_.notify('initialized', {});
    return process_;
  }

  function stop(): void {
    server?.kill();
    server = undefined;
  }

  async function probe(live: LspProcess, withDiagnostics: boolean): Promise<Failure | undefined> {
    const version = ++probeVersion;
    live.notify('textDocument/didOpen', { textDocument: { uri: PROBE_URI, languageId: 'wxs', version, text: ISA_MIXING_PRODUCT } });
    const outline = await live.request('textDocument/documentSymbol', { textDocument: { uri: PROBE_URI } }, REQUEST_TIMEOUT_MS);
    if (!Array.isArray(outline) || outline.length === 0) {
      return { invariant: 'answers', message: `documentSymbol on a good document answered ${JSON.stringify(outline)?.slice(0, 200)}` };
    }
    if (withDiagnostics) {
      const published = (await live.notification(
        'textDocument/publishDiagnostics',
        (p) => (p as { uri: string; version?: number }).uri === PROBE_URI && (p as { version?: number }).version === version,
        REQUEST_TIMEOUT_MS,
      )) as { diagnostics: unknown[] };
      if (published.diagnostics.length !== 3) {
        return { invariant: 'answers', message: `a good document got ${published.diagnostics.length} diagnostics instead of 3` };
      }
    }
    live.notify('textDocument/didClose', { textDocument: { uri: PROBE_URI } });
    return undefined;
  }

  return {
    name: 'lsp',
    budgetMs: 15_000,
    shrink: ['lines'],
    make: (random) => ({ ext: 'jsonl', bytes: encodeBatch(makeBatch(random, scale)), origin: 'lsp batch', mutations: [] }),
    async run(input: FuzzInput): Promise<Failure | undefined> {
      server ??= await start();
      const live = server;
      const answers: Promise<unknown>[] = [];
      const ops = decodeBatch(input.bytes);
      for (const o of ops) {
        if (o.method === WAIT) await new Promise((resolve) => setTimeout(resolve, LINT_PAUSE_MS));
        else if (!o.request) live.notify(o.method, o.params);
        // Error responses are fine (the params may be nonsense); no response is not.
        else
          answers.push(
            live.request(o.method, o.params, REQUEST_TIMEOUT_MS).catch((e: Error) => (e.message.startsWith(`${o.method} failed`) ? undefined : e)),
          );
      }
      let failure: Failure | undefined;
      try {
        for (const answer of await Promise.all(answers)) {
          if (answer instanceof Error) throw answer;
        }
        const every = options.diagnosticsEvery ?? 0;
        failure = await probe(live, every > 0 && ++batches % every === 0);
      } catch (e) {
        const message = (e as Error).message;
        failure = { invariant: live.child.exitCode !== null || live.child.signalCode !== null ? 'alive' : 'answers', message };
      }
      // A handler may throw on params broken on purpose (runSafe answers with its fallback); on well-formed ones it is a bug.
      const threw = thrown(live.takeUnclaimed());
      if (!failure && threw.length > 0 && !ops.some((o) => o.malformed)) failure = { invariant: 'no-exception', message: threw[0]! };
      // After a failure the next batch starts on a fresh server, so that one bug is not reported as many.
      if (failure) stop();
      return failure;
    },
    async close() {
      if (!server) return;
      const live = server;
      server = undefined;
      try {
        await live.request('shutdown', null, REQUEST_TIMEOUT_MS);
        live.notify('exit', null);
        await live.exited;
      } finally {
        live.kill();
      }
    },
  };
}
