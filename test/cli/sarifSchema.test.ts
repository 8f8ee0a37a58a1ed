// The SARIF that wixlint writes is valid SARIF 2.1.0: every log these tests make is validated against the OASIS
// schema (the copy Microsoft publishes in @microsoft/jest-sarif) with ajv, on the examples, on a package, on broken
// sources, and on the formatter's own sample with every kind of location.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { formatSarif } from '../../server/src/cli/format/sarif';
import { rules } from '../../server/src/rules';
import { buildMsi } from '../msi/builder';
import { CORE_COMPONENTS, PROGRAM_FILES_DIRECTORIES } from '../msi/sample';
import { runWixlint, tempTree } from './cliRun';
import { problems, texts } from './sampleProblems';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SCHEMA_FILE = path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

/** The validator, compiled once: draft-04 as the schema declares, with its formats (uri, date-time...) checked. */
const validate = (() => {
  // The schema's `language` pattern has a stray `]`, valid only as a pattern without the u flag, as JSON Schema
  // validators of its time read it.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object);
})();

/** The schema's complaints about `log`, one line each (empty when it is valid). */
function schemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

async function sarifOf(args: string[], cwd: string): Promise<{ runs: { results: unknown[] }[] }> {
  const run = await runWixlint(['--format', 'sarif', ...args], cwd);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as { runs: { results: unknown[] }[] };
}

describe('SARIF against the 2.1.0 schema', () => {
  it('the schema is the SARIF 2.1.0 one, and it finds a broken log broken', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { title: string };
    assert.match(schema.title, /SARIF\) Version 2\.1\.0/);
    const log = JSON.parse(formatSarif(problems, texts, { version: '1.2.3', rules })) as {
      runs: { results: { level: string }[] }[];
    };
    assert.deepEqual(schemaErrors(log), []);
    // Without this, a validator that accepts anything would pass every test below.
    log.runs[0]!.results[0]!.level = 'fatal';
    assert.ok(
      schemaErrors(log).some((e) => e.startsWith('/runs/0/results/0/level')),
      schemaErrors(log).join('\n'),
    );
  });

  it('wixlint --format sarif examples: sources, rules with their stories, related locations', async () => {
    const log = await sarifOf(['examples'], REPO);
    assert.ok(log.runs[0]!.results.length >= 17);
    assert.deepEqual(schemaErrors(log), []);
  });

  it('a package: rows as logical locations', async (t) => {
    const dir = tempTree(t, {
      'setup.msi': buildMsi({ summary: { template: 'Intel;1033', pageCount: 200 }, tables: [PROGRAM_FILES_DIRECTORIES, CORE_COMPONENTS] }),
    });
    const log = await sarifOf(['setup.msi'], dir);
    assert.ok(log.runs[0]!.results.length >= 2);
    assert.deepEqual(schemaErrors(log), []);
  });

  it('broken sources: malformed XML, a missing include, an undefined variable, and a clean run with no results', async (t) => {
    const dir = tempTree(t, {
      'bad/Broken.wxs': '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs"><Fragment><Component></Fragment></Wix>\n',
      'bad/Inc.wxs': '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">\n<?include Missing.wxi ?>\n<Fragment Id="$(var.Nope)" />\n</Wix>\n',
      'clean/Clean.wxs': '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs"><Fragment /></Wix>\n',
    });
    const broken = await runWixlint(['--format', 'sarif', 'bad'], dir);
    assert.equal(broken.code, 1);
    const log = JSON.parse(broken.stdout) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual([...new Set(log.runs[0]!.results.map((r) => r.ruleId))].sort(), ['parse-error', 'undefined-variable']);
    assert.deepEqual(schemaErrors(log), []);
    const clean = await sarifOf(['clean'], dir);
    assert.deepEqual(clean.runs[0]!.results, []);
    assert.deepEqual(schemaErrors(clean), []);
  });
});
