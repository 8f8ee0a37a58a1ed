// The command line's invariants, checked on a run in this process: no internal error, no stack trace, an exit code of 0, 1
// or 2, and output that parses when JSON was asked for.
import { runWixlint } from '../cli/cliRun';
import type { Failure } from './runner';

const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

export interface CliExpectations {
  /** The output is JSON (--format json or sarif, inspect --format json). */
  json: boolean;
  /** A lint prints a report unless no input could be read (exit 2). */
  report: boolean;
}

export async function runCliChecked(argv: string[], cwd: string, expect: CliExpectations): Promise<Failure | undefined> {
  const run = await runWixlint(argv, cwd);
  // After the first line, so that the same bug under other options has the same signature.
  const command = `while running: wixlint ${argv.join(' ')}`;
  if (run.stderr.includes('internal error')) {
    // runCli caught an exception from the product; run again with WIXLINT_DEBUG for its stack, which says where.
    const again = await runWixlint(argv, cwd, { WIXLINT_DEBUG: '1' });
    const detail = again.stderr.slice(again.stderr.indexOf('internal error'));
    return { invariant: 'no-exception', message: `${detail || run.stderr}\n${command}` };
  }
  if (![0, 1, 2].includes(run.code)) return { invariant: 'exit-code', message: `exit code ${run.code}\n${command}` };
  if (STACK_FRAME.test(run.stdout) || STACK_FRAME.test(run.stderr)) {
    return { invariant: 'no-stack-trace', message: `a stack trace in the output\n${command}\n${(run.stderr || run.stdout).slice(0, 2000)}` };
  }
  if (expect.json && (run.stdout !== '' || (expect.report && run.code !== 2))) {
    try {
      JSON.parse(run.stdout);
    } catch (e) {
      return { invariant: 'json-output', message: `JSON that does not parse: ${(e as Error).message}\n${command}` };
    }
  }
  return undefined;
}
