// The examples' diagnostics in the editor: exact rule, range and message for the key problems, and the same set as the CLI.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { describeDiagnostics, openDocuments, rangeText, ruleOf, until, wixlintDiagnostics, workspaceRoot, workspaceUri } from './editor';
import { test } from './runner';

interface Expected {
  file: string;
  rule: string;
  /** 0-based, as the API has it; the CLI's `--format json` prints the same place 1-based. */
  range: [number, number, number, number];
  /** The headline, with the platforms. */
  message: string;
  /** The first related information: the note, at the diagnostic's own range. */
  note?: string;
}

// From `node bin/wixlint.js examples --format json`; the editor adds the platforms the problem holds on.
// With "wixlint.rules": { "ice80": "off" } in the workspace settings these fail (WIXLINT_E2E_SETTINGS in run.mjs does that).
export const KEY_PROBLEMS: readonly Expected[] = [
  {
    file: 'examples/v3/Components.wxs',
    rule: 'ice80',
    range: [36, 7, 36, 16],
    message: "Component 'ShellExt64' is 64-bit but installs under the 32-bit ProgramFilesFolder [x86]",
    note: 'note: It is 64-bit (Win64="yes"), and its directory \'INSTALLFOLDER\' is under ProgramFilesFolder. ICE80: This 64BitComponent ShellExt64 uses 32BitDirectory INSTALLFOLDER',
  },
  {
    file: 'examples/v3/Product.wxs',
    rule: 'isa-mixing',
    range: [9, 3, 9, 10],
    message: "The x86 build makes a 32-bit package, but component 'ShellExt64' is 64-bit [x86]",
  },
  {
    file: 'examples/cfix/cfix.wxs',
    rule: 'payload-isa',
    range: [38, 62, 38, 93],
    message: "Kernel driver 'cfixkr32.sys_amd64' is an x64 binary but component 'cfixkr_amd64' is 32-bit [x86]",
    note: "note: Read from bin/amd64/cfixkr64.sys; it is in component 'cfixkr_amd64': on 64-bit Windows it installs to the 32-bit folders (SysWOW64), where no driver is loaded from, and 32-bit Windows cannot load a 64-bit driver at all.",
  },
  {
    file: 'examples/v4/Components.wxs',
    rule: 'ice80',
    range: [13, 7, 13, 16],
    message: "Component 'DiagHelper64' is 64-bit but installs under the 32-bit ProgramFilesFolder [x86]",
  },
  {
    file: 'examples/v4/Package.wxs',
    rule: 'ice80',
    range: [21, 22, 21, 40],
    message: "RegistrySearch 'LicenseDirSearch' reads the 64-bit registry but the x86 build makes a 32-bit package [x86]",
  },
  {
    file: 'examples/v4/Package.wxs',
    rule: 'isa-mixing',
    range: [6, 3, 6, 10],
    message: 'The x86 build makes a 32-bit package, but 2 of its parts are 64-bit [x86]',
  },
];

const EXAMPLE_FILES = [
  'examples/cfix/cfix.wxs',
  'examples/v3/Product.wxs',
  'examples/v3/Components.wxs',
  'examples/v4/Package.wxs',
  'examples/v4/Components.wxs',
];

/** A diagnostic as one comparable line: file, severity, rule, 0-based range, message, and its note and help. */
function key(file: string, severity: string, rule: string, range: string, message: string, details: string[]): string {
  return [`${file} ${severity} ${rule} ${range} ${message}`, ...details].join(' | ');
}

const SEVERITY_NAMES: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** Every wixlint diagnostic of the workspace's examples, as keys. */
function editorKeys(): string[] {
  const out: string[] = [];
  for (const [uri, list] of vscode.languages.getDiagnostics()) {
    if (uri.scheme !== 'file') continue;
    const file = path.relative(workspaceRoot(), uri.fsPath).split(path.sep).join('/');
    if (!file.startsWith('examples/')) continue;
    for (const d of list) {
      const rule = ruleOf(d);
      // The note and help are the related information at the diagnostic's own range.
      const details = (d.relatedInformation ?? [])
        .filter((r) => r.location.uri.toString() === uri.toString() && r.location.range.isEqual(d.range) && /^(note|help): /.test(r.message))
        .map((r) => r.message);
      if (rule) out.push(key(file, SEVERITY_NAMES[d.severity], rule, rangeText(d.range), d.message, details));
    }
  }
  return out.sort();
}

interface CliProblem {
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

export const diagnosticsTests = [
  test('a workspace holding WiX sources starts wixlint, which shows the problems of files no one opened', async () => {
    const extension = vscode.extensions.getExtension('wixlint.wixlint');
    assert.ok(extension, 'the wixlint extension (wixlint.wixlint) is loaded');
    // No WiX document is open yet, so only workspaceContains can have started the extension.
    const open = vscode.workspace.textDocuments.filter((d) => d.languageId === 'wxs' || d.languageId === 'wxi');
    assert.deepEqual(
      open.map((d) => vscode.workspace.asRelativePath(d.uri)),
      [],
    );
    const closed = KEY_PROBLEMS[0]!;
    await until(
      `wixlint to start and show ${closed.file}'s ${closed.rule} problem`,
      () => extension.isActive && wixlintDiagnostics(workspaceUri(closed.file)).some((d) => d.message === closed.message),
      { state: () => `extension active: ${extension.isActive}\n${describeDiagnostics()}` },
    );
  }),

  test('opening the examples shows the key ice80, isa-mixing and payload-isa problems with exact ranges and messages', async () => {
    await openDocuments(...EXAMPLE_FILES.map((f) => workspaceUri(f)));
    const missing = (): Expected[] =>
      KEY_PROBLEMS.filter(
        (e) =>
          !wixlintDiagnostics(workspaceUri(e.file)).some(
            (d) =>
              ruleOf(d) === e.rule &&
              rangeText(d.range) === `${e.range[0]}:${e.range[1]}-${e.range[2]}:${e.range[3]}` &&
              d.message === e.message &&
              (e.note === undefined || (d.relatedInformation?.[0]?.message === e.note && d.relatedInformation[0].location.range.isEqual(d.range))) &&
              d.severity === vscode.DiagnosticSeverity.Error,
          ),
      );
    await until('the key problems of the examples', () => missing().length === 0, {
      state: () =>
        `missing:\n${missing()
          .map((e) => `  ${e.file} ${e.range[0]}:${e.range[1]}-${e.range[2]}:${e.range[3]} ${e.rule}: ${e.message}`)
          .join('\n')}\n${describeDiagnostics()}`,
    });
    const ice80 = wixlintDiagnostics(workspaceUri('examples/v3/Components.wxs')).find((d) => ruleOf(d) === 'ice80')!;
    assert.equal(
      typeof ice80.code === 'object' ? ice80.code.target.toString() : undefined,
      'https://github.com/wixlint/wixlint/blob/main/docs/rules/ice80.md',
    );
  }),

  test('typing the cfix 1.2 bug into the fixed package shows payload-isa before the file is saved', async () => {
    const uri = workspaceUri('examples/cfix/Fixed.x64.wxs');
    const [document] = await openDocuments(uri);
    const text = document!.getText();
    const at = text.indexOf('Name="cfix64.exe"');
    assert.ok(at > 0, 'Fixed.x64.wxs names cfix64.exe');
    const range = new vscode.Range(document!.positionAt(at + 'Name="cfix'.length), document!.positionAt(at + 'Name="cfix64'.length));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, range, '32');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    const start = document!.positionAt(at);
    const expected = "File 'cfix64.exe' installs the 64-bit 'cfix64.exe' under the 32-bit name 'cfix32.exe' [x64]";
    const shown = (): vscode.Diagnostic | undefined =>
      wixlintDiagnostics(uri).find(
        (d) =>
          ruleOf(d) === 'payload-isa' && d.range.start.isEqual(start) && d.message === expected && d.severity === vscode.DiagnosticSeverity.Warning,
      );
    await until('the payload-isa warning on the typed name', () => shown() !== undefined, { state: () => describeDiagnostics([uri]) });
    const undo = new vscode.WorkspaceEdit();
    undo.replace(uri, range, '64');
    assert.ok(await vscode.workspace.applyEdit(undo), 'the edit is undone');
    await until('the fixed package to lint clean again', () => wixlintDiagnostics(uri).length === 0, { state: () => describeDiagnostics([uri]) });
    await document!.save();
  }),

  test('the editor shows exactly what `wixlint examples --format json` reports', async () => {
    const extension = vscode.extensions.getExtension('wixlint.wixlint');
    assert.ok(extension, 'the wixlint extension (wixlint.wixlint) is loaded');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(extension.extensionPath, 'bin', 'wixlint.js'), 'examples', '--format', 'json'],
      {
        cwd: workspaceRoot(),
      },
    ).catch((error: { stdout?: string; code?: number }) => {
      // Exit status 1 means "errors found", which is the point of the examples.
      if (error.code === 1 && error.stdout) return { stdout: error.stdout };
      throw error;
    });
    const problems = (JSON.parse(stdout) as { problems: CliProblem[] }).problems;
    assert.ok(problems.length >= KEY_PROBLEMS.length, `the CLI reports the examples' problems: ${stdout}`);
    const expected = problems
      .map((p) =>
        key(
          p.file,
          p.severity,
          p.ruleId,
          `${p.line - 1}:${p.column - 1}-${p.endLine - 1}:${p.endColumn - 1}`,
          p.platforms.length > 0 ? `${p.message} [${p.platforms.join(', ')}]` : p.message,
          [...(p.note !== undefined ? [`note: ${p.note}`] : []), ...(p.help !== undefined ? [`help: ${p.help}`] : [])],
        ),
      )
      .sort();
    const same = (): boolean => JSON.stringify(editorKeys()) === JSON.stringify(expected);
    await until('the editor diagnostics to equal the CLI problems', same, {
      state: () => {
        const editor = editorKeys();
        return [
          ...expected.filter((k) => !editor.includes(k)).map((k) => `  only in the CLI:    ${k}`),
          ...editor.filter((k) => !expected.includes(k)).map((k) => `  only in the editor: ${k}`),
        ].join('\n');
      },
    });
  }),
];
