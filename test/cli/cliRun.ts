// The command line as the tests run it: in process, on a cwd, with what it printed; and the JSON report's problems.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `wixlint argv` in `cwd` with an empty environment (unless given one), not a TTY, and version 0.0.0. */
export async function runWixlint(argv: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env, isTTY: false, version: '0.0.0' });
  return { code, stdout, stderr };
}

/** A source problem of `--format json`. */
export interface JsonProblem {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  note?: string;
  help?: string;
  platforms: string[];
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** `file:line:column-endLine:endColumn severity ruleId [platforms]`: a problem's place and kind on one line. */
export function brief(p: JsonProblem): string {
  return `${p.file}:${p.line}:${p.column}-${p.endLine}:${p.endColumn} ${p.severity} ${p.ruleId} [${p.platforms.join(',')}]`;
}

/** The three texts of a JSON problem: its headline, why and what to change. */
export function pick(p: JsonProblem): { message: string; note?: string; help?: string } {
  return { message: p.message, ...(p.note !== undefined ? { note: p.note } : {}), ...(p.help !== undefined ? { help: p.help } : {}) };
}

/** A JSON problem's headline, note and help in one text, as `fullMessage` joins a Problem's. */
export function fullText(p: JsonProblem): string {
  return [p.message, p.note, p.help].filter((s) => s !== undefined).join(' ');
}

/** A temp folder holding the files (paths with '/'), removed after the test; its real path, so that names never go through a link. */
export function tempTree(t: { after(fn: () => void): void }, files: Record<string, string | Uint8Array>, prefix = 'wixlint-cli-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, ...name.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}
