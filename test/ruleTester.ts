// Table tests for rules: valid and invalid WiX cases, with the expected ranges marked inline as ⟦name:text⟧, and the
// fixes each problem offers, tested from the rule's own report: lint, apply the fix, lint again.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits, fixesFor, readProblemFix, type FixId, type OfferedFix } from '../server/src/fixes';
import { goldenJoined, joinedFiles } from './golden';
import { lintSources, type LintResult } from '../server/src/engine/lint';
import { LineIndex } from '../server/src/wix/lineIndex';
import { fullMessage, type Problem } from '../server/src/engine/problem';
import type { BuildArch } from '../server/src/model/platform';
import type { BindPath, PackageHost, PayloadHost } from '../server/src/payload/sources';
import { bytesSource } from '../server/src/msi/byteSource';
import { openMsi } from '../server/src/msi/database';
import { MsiFormatError } from '../server/src/msi/errors';
import { lowerNamedPackage } from '../server/src/payload/package';
import { rules } from '../server/src/rules';
import { fillMessage, type Rule, type SeveritySetting } from '../server/src/rules/rule';

export interface Case {
  name: string;
  /** A single source (as /project/Product.wxs), or several files by absolute path. */
  code?: string;
  files?: Record<string, string>;
  platforms?: BuildArch[];
  defines?: Record<string, string>;
  includePaths?: string[];
  /** Files the sources install, by absolute path: what payload-isa reads (their first bytes). */
  payloads?: Record<string, Uint8Array>;
  bindPaths?: BindPath[];
  /** Whether a payload that is not found is said. */
  missingPayloads?: boolean;
  /** Built packages the sources refer to (merge modules, chained MSIs), by absolute path. */
  packages?: Record<string, Uint8Array>;
}

export interface ExpectedProblem {
  /** The marker naming the expected range: ⟦name:...⟧ in the case's text. */
  at: string;
  /** The exact message, or a message id whose template is filled with `data`. */
  message?: string;
  messageId?: string;
  data?: Record<string, string | number>;
  platforms?: BuildArch[];
  severity?: string;
  /** Expected `line:column-endLine:endColumn` (1-based), checked in addition to the marker when given. */
  range?: string;
}

/** One lint of the fixed files: for a platform, without the files a refactor replaces (default: every file). */
export interface Relint {
  platform: BuildArch;
  without?: string[];
}

export interface ExpectedFix {
  /** The marker of the problem the fix is offered for. */
  at: string;
  title: string;
  /**
   * The files the fix changes or creates, as they are after it (LF line ends): a string is the case's main file;
   * `replace` gives the main file as the case's text with each [from, to] replaced once, in order. Large outputs
   * (refactors) live in a golden file below test/ (`{ golden: 'rules/golden/….txt' }`, see test/golden.ts).
   */
  output: string | Record<string, string> | { golden: string } | { replace: [string, string][] };
  /** How the fixed files are linted again (default: once per platform of the case, with every file). */
  relint?: Relint[];
  /** This rule's problems when linted again, as `file:range [platforms] message` (default: none). */
  remaining?: string[];
}

export interface InvalidCase extends Case {
  problems: ExpectedProblem[];
  /**
   * The fixes the problems offer, all of them in order, each applied and linted again. Cases may leave them out, but
   * every kind of fix a rule's cases offer must be tested by at least one case.
   */
  fixes?: ExpectedFix[];
}

export const MAIN_FILE = '/project/Product.wxs';

interface Marked {
  text: string;
  markers: Map<string, { file: string; start: number; end: number }>;
}

const OPEN = '⟦';
const CLOSE = '⟧';

/** Removes ⟦name:...⟧ markers, remembering the ranges they enclosed. */
export function stripMarkers(file: string, source: string, markers: Marked['markers']): string {
  let out = '';
  let i = 0;
  for (;;) {
    const open = source.indexOf(OPEN, i);
    if (open < 0) break;
    const colon = source.indexOf(':', open);
    const close = source.indexOf(CLOSE, colon);
    if (colon < 0 || close < 0) throw new Error(`bad marker in ${file} at ${open}`);
    const name = source.slice(open + 1, colon);
    out += source.slice(i, open);
    const start = out.length;
    out += source.slice(colon + 1, close);
    if (markers.has(name)) throw new Error(`marker ${name} used twice`);
    markers.set(name, { file, start, end: out.length });
    i = close + 1;
  }
  return out + source.slice(i);
}

function prepare(c: Case): { files: Map<string, string>; markers: Marked['markers'] } {
  const raw = c.files ?? { [MAIN_FILE]: c.code ?? '' };
  const files = new Map<string, string>();
  const markers: Marked['markers'] = new Map();
  for (const [file, text] of Object.entries(raw)) files.set(file, stripMarkers(file, text, markers));
  return { files, markers };
}

/** Lints a case with only `ruleId` enabled. Inputs are the .wxs files; every file is readable as an include. */
export function lintCase(c: Case, ruleId: string | undefined): { result: LintResult; markers: Marked['markers'] } {
  const { files, markers } = prepare(c);
  const severities: Record<string, SeveritySetting> = {};
  if (ruleId !== undefined) for (const r of rules) if (r.meta.id !== ruleId) severities[r.meta.id] = 'off';
  const inputs = [...files].filter(([p]) => !p.endsWith('.wxi')).map(([path, text]) => ({ path, text }));
  const result = lintSources(inputs, {
    platforms: c.platforms ?? ['x86'],
    defines: c.defines ?? {},
    includePaths: c.includePaths ?? [],
    env: { WIXLINT_TEST_ENV: 'from-env' },
    severities,
    host: { readFile: (p) => files.get(p) },
    bindPaths: c.bindPaths ?? [],
    payloads: { host: memoryPayloads(c.payloads ?? {}), packages: memoryPackages(c.packages ?? {}), reportMissing: c.missingPayloads ?? false },
  });
  return { result, markers };
}

/** Payloads in memory, as the host on disk gives them: the first bytes, or nothing for a path not there. */
export function memoryPayloads(payloads: Record<string, Uint8Array>): PayloadHost {
  return { readHead: (file, length) => (Object.hasOwn(payloads, file) ? payloads[file]!.subarray(0, length) : undefined) };
}

/** Built packages in memory, read as the host on disk reads them: opened and lowered, or why they cannot be. */
export function memoryPackages(packages: Record<string, Uint8Array>): PackageHost {
  return {
    readPackage(file) {
      if (!Object.hasOwn(packages, file)) return undefined;
      try {
        // As the node host reads them (a module with its files' payloads); a cabinet beside it is looked for among them.
        const beside = (name: string) => {
          const next = path.join(path.dirname(file), name);
          return Object.hasOwn(packages, next) ? bytesSource(packages[next]!) : undefined;
        };
        return lowerNamedPackage(openMsi(bytesSource(packages[file]!), file), file, beside);
      } catch (e) {
        if (e instanceof MsiFormatError) return { unreadable: e.message };
        throw e;
      }
    },
  };
}

export function rangeText(text: string, start: number, end: number): string {
  const lines = new LineIndex(text);
  const s = lines.positionAt(start);
  const e = lines.positionAt(end);
  return `${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1}`;
}

function describeProblem(p: Problem, texts: Map<string, string>): string {
  const l = p.location;
  const where = l.kind === 'source' ? `${l.file}:${rangeText(texts.get(l.file) ?? '', l.start, l.end)}` : `${l.table}/${l.key}`;
  return `${where} ${p.ruleId} [${p.platforms.join(',')}] ${fullMessage(p)}`;
}

export function runRuleTests(rule: Rule, tests: { valid: Case[]; invalid: InvalidCase[] }): void {
  const id = rule.meta.id;
  /** Fix kinds the cases' problems offered, and those a case tested. */
  const offered = new Set<FixId>();
  const tested = new Set<FixId>();
  describe(`rule ${id}`, () => {
    for (const c of tests.valid) {
      it(`valid: ${c.name}`, () => {
        const { result } = lintCase(c, id);
        const found = result.problems.filter((p) => p.ruleId === id).map((p) => describeProblem(p, result.texts));
        assert.deepEqual(found, [], 'expected no problems');
      });
    }
    for (const c of tests.invalid) {
      it(`invalid: ${c.name}`, () => {
        const { result, markers } = lintCase(c, id);
        const actual = result.problems.filter((p) => p.ruleId === id);
        const expected = c.problems.map((e) => {
          const m = markers.get(e.at);
          if (!m) throw new Error(`no marker '${e.at}' in case '${c.name}'`);
          const message = e.message ?? fullMessage(fillMessage(rule.meta.messages[e.messageId ?? ''] ?? `unknown message id ${e.messageId}`, e.data));
          const text = result.texts.get(m.file) ?? '';
          const range = rangeText(text, m.start, m.end);
          if (e.range !== undefined) assert.equal(range, e.range, `marker '${e.at}' is not at the stated range`);
          return `${m.file}:${range} ${id} [${(e.platforms ?? c.platforms ?? ['x86']).join(',')}] ${message}`;
        });
        const found = actual.map((p) => describeProblem(p, result.texts));
        assert.deepEqual(found, expected);
        for (const [i, e] of c.problems.entries()) {
          if (e.severity !== undefined) assert.equal(actual[i]!.severity, e.severity);
        }
        checkFixes(rule, c, actual, markers, offered, tested);
      });
    }
    if (rule.readFixData) {
      it('every fix the problems offer is tested by lint, fix, lint again', () => {
        assert.deepEqual([...offered].filter((f) => !tested.has(f)).sort(), [], 'fixes offered by the cases but tested by none');
      });
    }
  });
}

/**
 * The case's fixes: the fix data of every problem must read back as it would from the editor; when the case declares
 * its fixes, every fix the problems offer must be among them, and each is applied and the fixed files linted again.
 */
function checkFixes(
  rule: Rule,
  c: InvalidCase,
  problems: readonly Problem[],
  markers: Marked['markers'],
  offered: Set<FixId>,
  tested: Set<FixId>,
): void {
  const id = rule.meta.id;
  const { files } = prepare(c);
  const found: { at: string | undefined; fix: OfferedFix }[] = [];
  for (const p of problems) {
    if (p.fix === undefined) continue;
    // The data crosses the editor as JSON: read it back from there.
    const data = readProblemFix(id, JSON.parse(JSON.stringify(p.fix)));
    assert.ok(data, `${id} cannot read back its own fix data ${JSON.stringify(p.fix)}`);
    const own = p.location.kind === 'source' ? p.location.file : MAIN_FILE;
    const documents = [own, ...[...files.keys()].filter((f) => f !== own)].map((file) => ({ file, text: files.get(file)! }));
    const at = [...markers].find(
      ([, m]) => p.location.kind === 'source' && m.file === p.location.file && m.start === p.location.start && m.end === p.location.end,
    )?.[0];
    for (const fix of fixesFor(data, documents)) {
      offered.add(fix.id);
      found.push({ at, fix });
    }
  }
  if (c.fixes === undefined) return;
  const declared = c.fixes;
  assert.deepEqual(
    found.map((f) => `${f.at ?? '?'}: ${f.fix.title}`),
    declared.map((f) => `${f.at}: ${f.title}`),
    'the fixes offered, by problem marker and title',
  );
  for (const [i, expected] of declared.entries()) {
    const { fix } = found[i]!;
    tested.add(fix.id);
    const after = new Map(files);
    const changed: Record<string, string> = {};
    for (const file of new Set(fix.edits.map((e) => e.file))) {
      const text = applyEdits(
        files.get(file) ?? assert.fail(`the fix edits an unknown file ${file}`),
        fix.edits.filter((e) => e.file === file),
      );
      after.set(file, (changed[file] = text));
    }
    for (const created of fix.creates) {
      assert.ok(!files.has(created.file), `${fix.title} overwrites ${created.file}`);
      after.set(created.file, (changed[created.file] = created.text));
    }
    const output = expected.output;
    if (typeof output === 'object' && 'golden' in output && typeof output.golden === 'string') {
      assert.equal(joinedFiles(changed), goldenJoined(changed, output.golden), `${fix.title}: the files as test/${output.golden} has them`);
    } else if (typeof output === 'object' && 'replace' in output && Array.isArray(output.replace)) {
      let text = files.get(MAIN_FILE) ?? '';
      for (const [from, to] of output.replace) {
        assert.ok(text.includes(from), `'${from}' is not in the case's text`);
        text = text.replace(from, to);
      }
      assert.deepEqual(changed, { [MAIN_FILE]: text }, `${fix.title}: the fixed files`);
    } else {
      assert.deepEqual(changed, typeof output === 'string' ? { [MAIN_FILE]: output } : output, `${fix.title}: the fixed files`);
    }
    const runs: Relint[] = expected.relint ?? (c.platforms ?? ['x86']).map((platform) => ({ platform }));
    const remaining = runs.flatMap((run) => {
      const kept = Object.fromEntries([...after].filter(([file]) => !(run.without ?? []).includes(file)));
      const again = lintCase(
        {
          name: c.name,
          files: kept,
          platforms: [run.platform],
          ...(c.defines ? { defines: c.defines } : {}),
          ...(c.includePaths ? { includePaths: c.includePaths } : {}),
        },
        id,
      ).result;
      return again.problems.filter((p) => p.ruleId === id).map((p) => describeProblem(p, again.texts));
    });
    assert.deepEqual(remaining, expected.remaining ?? [], `${fix.title}: ${id}'s problems when linted again`);
  }
}

/** Wraps WiX v3 product content in a Wix/Product/Package skeleton; `pkg` is extra Package attributes. */
export function v3(body: string, pkg = '', product = ''): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
    `  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}"${product}>`,
    `    <Package InstallerVersion="200" Compressed="yes"${pkg} />`,
    body,
    '  </Product>',
    '</Wix>',
    '',
  ].join('\n');
}

/** Wraps WiX v4 package content in a Wix/Package skeleton; `pkg` is extra Package attributes. */
export function v4(body: string, pkg = ''): string {
  return [
    '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">',
    `  <Package Name="Demo" Manufacturer="Contoso" Version="1.0.0" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}"${pkg}>`,
    body,
    '  </Package>',
    '</Wix>',
    '',
  ].join('\n');
}

/** A v3 fragment file. */
export function v3Fragment(body: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
    '  <Fragment>',
    body,
    '  </Fragment>',
    '</Wix>',
    '',
  ].join('\n');
}

/** A v4 fragment file. */
export function v4Fragment(body: string): string {
  return ['<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">', '  <Fragment>', body, '  </Fragment>', '</Wix>', ''].join('\n');
}
