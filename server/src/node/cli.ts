// The process entry of the wixlint command (bundled to dist/cli.js): wires runCli to the real process.
import { isatty } from 'node:tty';
import { runCli } from '../cli/main';
import { readStdin } from '../io/stdin';
import { synchronousWriter } from './syncWrite';

// Asked of the descriptor, not of process.stdout, which would put a pipe in non-blocking mode on first use.
const toTerminal = isatty(1);

// A terminal and a file are written synchronously by Node already, and every stdout on Windows; a pipe on other
// systems is not, and takes the report piece by piece through synchronousWriter instead.
const viaStream = toTerminal || process.platform === 'win32';
const stdout = viaStream ? (s: string | Uint8Array) => void process.stdout.write(s) : synchronousWriter(1);
if (viaStream) {
  // `wixlint ... | head` closes stdout early; that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

void runCli(process.argv.slice(2), {
  stdout,
  // A stream may write later: it gets its own copy of the bytes, which the report reuses once the call returns.
  stdoutBytes: viaStream ? (bytes) => stdout(Buffer.from(bytes)) : stdout,
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
  isTTY: toTerminal,
  ...(toTerminal && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
  readStdin,
}).then((code) => {
  // exitCode, not exit(): a large report written through process.stdout must be flushed before the process ends.
  process.exitCode = code;
});
