// The programs some tests need besides Node, looked for in one place: a test file skips what needs a missing one and
// says why (node:test's `skip`), and `npm test` names every part it will skip in one line at its start
// (scripts/test.mjs --skipped).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/** The Chromium the webview tests drive: WIXLINT_CHROMIUM, else Debian's. */
export const CHROMIUM = process.env['WIXLINT_CHROMIUM'] ?? '/usr/bin/chromium';

interface OptionalTool {
  /** Why tests that need it are skipped: it is missing, and where it comes from. */
  absent: string;
  /** What `npm test` skips without it. */
  skips: string;
  isPresent(): boolean;
}

/** Whether `command` runs: spawning it fails (ENOENT) when it is not on the PATH. */
function runs(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined;
}

const TOOLS = {
  wixl: {
    absent: 'wixl is not installed (Debian package wixl), so no real MSI can be built',
    skips: 'the checks on packages wixl builds',
    isPresent: () => runs('wixl'),
  },
  msiinfo: {
    absent: 'msiinfo is not installed (Debian package msitools)',
    skips: 'the msiinfo cross-checks',
    isPresent: () => runs('msiinfo'),
  },
  gcab: {
    absent: 'gcab is not installed (Debian package gcab)',
    skips: 'the cabinets gcab writes',
    isPresent: () => runs('gcab'),
  },
  nvim: {
    absent: 'nvim is not installed (Debian package neovim, 0.7 or later)',
    skips: 'the Neovim client test',
    isPresent: () => runs('nvim'),
  },
  chromium: {
    absent: `Chromium is not installed at ${CHROMIUM} (Debian package chromium, or set WIXLINT_CHROMIUM), so the webview cannot be rendered`,
    skips: 'the inspector webview tests',
    isPresent: () => fs.existsSync(CHROMIUM),
  },
  mkfifo: {
    absent: 'mkfifo is not available (coreutils; Windows has no FIFOs)',
    skips: 'the named pipe (FIFO) tests',
    isPresent: () => process.platform !== 'win32' && runs('mkfifo'),
  },
} satisfies Record<string, OptionalTool>;

export type Tool = keyof typeof TOOLS;

/** Each tool is looked for once per process: several test files of a process ask for the same ones. */
const found = new Map<Tool, boolean>();

function isPresent(tool: Tool): boolean {
  let present = found.get(tool);
  if (present === undefined) found.set(tool, (present = TOOLS[tool].isPresent()));
  return present;
}

/**
 * node:test's `skip` for tests that need `tools`: false when all are there, else why they are skipped, for each
 * missing tool ("gcab is not installed (Debian package gcab)").
 */
export function missing(...tools: Tool[]): string | false {
  const absent = tools.filter((tool) => !isPresent(tool));
  return absent.length === 0 ? false : absent.map((tool) => TOOLS[tool].absent).join('; ');
}

/** The line `npm test` starts with: what it will skip on this machine and for want of what, or that it skips nothing. */
export function skippedSummary(): string {
  const skipped = (Object.keys(TOOLS) as Tool[]).filter((tool) => !isPresent(tool)).map((tool) => `${TOOLS[tool].skips} (${tool} not found)`);
  return skipped.length === 0 ? 'npm test: nothing skipped' : `npm test: skipping: ${skipped.join(', ')}`;
}
