// The command-line samples of README.md and the pages under docs/ are real output: each ```text block that runs one
// `npx wixlint` command is run, and its output compared line by line ('...' in a sample line stands for text left out).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { runWixlint } from './cli/cliRun';

const REPO = path.resolve(__dirname, '..', '..');

interface Sample {
  file: string;
  line: number;
  args: string[];
  output: string[];
}

/** README.md and every markdown page below docs/. */
function markdownFiles(): string[] {
  const docs = (fs.readdirSync(path.join(REPO, 'docs'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f).split(path.sep).join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ['README.md', ...docs];
}

function samples(file: string): Sample[] {
  const lines = fs.readFileSync(path.join(REPO, file), 'utf8').split('\n');
  const out: Sample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```text') continue;
    const end = lines.indexOf('```', i + 1);
    const block = lines.slice(i + 1, end);
    i = end;
    const commands = block.filter((l) => l.startsWith('$ '));
    if (commands.length !== 1 || !block[0]!.startsWith('$ npx wixlint ') || block.length < 2) continue;
    out.push({ file, line: i + 2 - block.length, args: block[0]!.slice('$ npx wixlint '.length).split(' '), output: block.slice(1) });
  }
  return out;
}

function matches(sample: string, actual: string): boolean {
  if (!sample.includes('...')) return sample === actual;
  const pattern = sample
    .split('...')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(actual);
}

it('has command-line samples to check', () => {
  assert.ok(samples('README.md').length >= 2, 'the README shows wixlint on the examples');
});

for (const sample of markdownFiles().flatMap(samples)) {
  it(`${sample.file} line ${sample.line}: npx wixlint ${sample.args.join(' ')}`, async () => {
    const { stdout } = await runWixlint(sample.args, REPO);
    const actual = stdout.replace(/\n$/, '').split('\n');
    assert.equal(actual.length, sample.output.length, `line count:\n${stdout}`);
    for (const [i, line] of sample.output.entries())
      assert.ok(matches(line, actual[i]!), `line ${i + 1}:\n  ${sample.file}: ${line}\n  actual: ${actual[i]}`);
  });
}
