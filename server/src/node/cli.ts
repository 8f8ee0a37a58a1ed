// The process entry of the wixlint command (bundled to dist/cli.js): wires runCli to the real process.
import { runCli } from '../cli/main';
import { readStdin } from '../io/stdin';

// `wixlint ... | head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

void runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  ...(process.stdout.isTTY === true && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
  readStdin,
}).then((code) => {
  // exitCode, not exit(): a large report on a pipe must be flushed before the process ends.
  process.exitCode = code;
});
