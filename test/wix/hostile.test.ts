// Sources that multiply or nest without end: the preprocessor's budgets stop them with one parse-error at the directive
// that passes a budget, and everything read before it is still linted; cycles and depth are caught through elements.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lintSources } from '../../server/src/engine/lint';
import { fullMessage } from '../../server/src/engine/problem';
import type { InstallerDb } from '../../server/src/model/installer';
import { MAX_INCLUDE_EXPANSIONS, MAX_NODES_READ, TIME_CHECK_INTERVAL } from '../../server/src/wix/preprocess';
import { LineIndex } from '../../server/src/wix/lineIndex';
import { v3, v3Fragment } from '../ruleTester';

/** Lints the .wxs files for x86, counting the reads of each file; problems as `file:line:column rule message`. */
function lint(files: Record<string, string>, time: { outOfTime?: () => boolean; timeBudgetSeconds?: number } = {}) {
  const reads = new Map<string, number>();
  const dbs: InstallerDb[] = [];
  const result = lintSources(
    Object.entries(files)
      .filter(([p]) => p.endsWith('.wxs'))
      .map(([path, text]) => ({ path, text })),
    {
      platforms: ['x86'],
      defines: {},
      includePaths: [],
      env: {},
      severities: {},
      host: {
        readFile: (p) => {
          reads.set(p, (reads.get(p) ?? 0) + 1);
          return files[p];
        },
      },
      onDatabase: (db) => dbs.push(db),
      ...time,
    },
  );
  const problems = result.problems.map((p) => {
    if (p.location.kind !== 'source') return `${p.ruleId} ${fullMessage(p)}`;
    const { line, character } = new LineIndex(files[p.location.file]!).positionAt(p.location.start);
    return `${p.location.file}:${line + 1}:${character + 1} ${p.ruleId} ${fullMessage(p)}`;
  });
  return {
    problems,
    reads: Object.fromEntries(reads),
    components: dbs.flatMap((db) => db.components.map((c) => c.id)),
    customActions: dbs.flatMap((db) => db.customActions.map((c) => c.id)),
  };
}

const TREE = (inner: string) => `    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="INSTALLDIR" Name="D">
${inner}
    </Directory></Directory>`;
const AFTER = '      <Component Id="After" Guid="*"><File Source="after.dll" /></Component>';

describe('include budget', () => {
  it(`stops a fan-out of 30 files, each including the next twice (2^30 expansions), at ${MAX_INCLUDE_EXPANSIONS}`, () => {
    const files: Record<string, string> = { '/p/Product.wxs': v3(TREE(`      <?include level1.wxi ?>\n${AFTER}`)) };
    for (let i = 1; i <= 30; i++) {
      files[`/p/level${i}.wxi`] =
        i < 30
          ? `<Include>\n  <?include level${i + 1}.wxi ?>\n  <?include level${i + 1}.wxi ?>\n</Include>\n`
          : '<Include><Property Id="Leaf" Value="1" /></Include>\n';
    }
    const result = lint(files);
    // In document order, expansion 200,001 is level28.wxi's second include; it is reported at the source's include.
    assert.deepEqual(result.problems, [
      "/p/Product.wxs:6:7 parse-error Product.wxs expands its includes more than 200000 times, wixlint's limit: <?include level29.wxi?> in " +
        'level28.wxi (reached through this <?include level1.wxi?>) and every include and <?foreach?> iteration after it are not read. ' +
        'Is a file included repeatedly, by files that are themselves included repeatedly?',
    ]);
    // Each file is read once, whatever the number of expansions; what follows the includes is still linted.
    assert.deepEqual(Object.values(result.reads), Array(30).fill(1));
    assert.deepEqual(result.components, ['After']);
  });

  it('counts every expansion: the one past the budget is the error, the ones before it are read', () => {
    const directives = (count: number, file: string) => Array.from({ length: count }, () => `  <?include ${file} ?>`).join('\n');
    const result = lint({
      '/p/Product.wxs': v3Fragment(`${directives(250, 'thousand.wxi')}\n    <CustomAction Id="After" Property="P" Value="1" />`),
      '/p/thousand.wxi': `<Include>\n${directives(1000, 'one.wxi')}\n</Include>\n`,
      '/p/one.wxi': '<Include><?define Seen = "yes" ?></Include>',
    });
    // Each include of thousand.wxi is 1,001 expansions: 199 of them make 199,199, the 200th itself 199,200, and its
    // 801st include the 200,001st: reported at the 200th include of the source, on line 203.
    assert.deepEqual(result.problems, [
      "/p/Product.wxs:203:3 parse-error Product.wxs expands its includes more than 200000 times, wixlint's limit: <?include one.wxi?> in " +
        'thousand.wxi (reached through this <?include thousand.wxi?>) and every include and <?foreach?> iteration after it are not read. ' +
        'Is a file included repeatedly, by files that are themselves included repeatedly?',
    ]);
    assert.deepEqual(result.reads, { '/p/thousand.wxi': 1, '/p/one.wxi': 1 });
    assert.deepEqual(result.customActions, ['After']);
  });
});

describe('budget of nodes read', () => {
  // 1 <CustomAction> and 999 children: 1,000 nodes an expansion. Lowering reads no child of a custom action.
  const BODY = `<CustomAction Id="CA$(var.I)" Property="P" Value="1">${'<x/>'.repeat(999)}</CustomAction>`;

  it(`stops a <?foreach?> whose iterations read more than ${MAX_NODES_READ} nodes, before the iteration that would`, () => {
    const items = Array.from({ length: 4100 }, (_, i) => i + 1).join(';');
    const result = lint({ '/p/Product.wxs': v3Fragment(`    <?foreach I in ${items} ?>\n${BODY}\n    <?endforeach?>`) });
    // The source itself has 1,005 nodes: with 3,998 iterations it has read 3,999,005; the next would pass 4,000,000.
    assert.deepEqual(result.problems, [
      "/p/Product.wxs:4:5 parse-error Product.wxs reads more than 4000000 elements, directives and text runs with its includes and loops, wixlint's " +
        "limit: this <?foreach?> stops before its value '3999', and no include or <?foreach?> iteration after it is. Does the loop repeat a large body?",
    ]);
    assert.equal(result.customActions.length, 3998);
    assert.deepEqual(result.customActions.slice(-1), ['CA3998']);
  });

  it('stops an include that would pass the budget, and no include after it is read', () => {
    // The include file has 100,000 nodes: <Include>, <CustomAction> and 99,998 children.
    const big = `<Include><CustomAction Id="Big" Property="P" Value="1">${'<x/>'.repeat(99_998)}</CustomAction></Include>`;
    const directives = Array.from({ length: 41 }, () => '    <?include big.wxi ?>').join('\n');
    const result = lint({
      '/p/Product.wxs': v3Fragment(`${directives}\n    <?include small.wxi ?>\n    <CustomAction Id="After" Property="P" Value="1" />`),
      '/p/big.wxi': big,
      '/p/small.wxi': '<Include><CustomAction Id="Small" Property="P" Value="1" /></Include>',
    });
    // The source has 48 nodes; 39 includes bring it to 3,900,048, and the 40th would pass 4,000,000.
    assert.deepEqual(result.problems, [
      "/p/Product.wxs:43:5 parse-error Product.wxs reads more than 4000000 elements, directives and text runs with its includes and loops, wixlint's " +
        'limit: this <?include big.wxi?> is not read, and no include or <?foreach?> iteration after it is. Is a large file included many times?',
    ]);
    assert.equal(result.reads['/p/big.wxi'], 1);
    assert.deepEqual(result.customActions, [...Array(39).fill('Big'), 'After']);
  });
});

describe('includes inside elements', () => {
  it('finds a cycle through includes nested in elements, read after the include that emitted them returned', () => {
    const result = lint({
      '/p/Product.wxs': v3(TREE('      <?include a.wxi ?>')),
      '/p/a.wxi': '<Include>\n  <Directory Id="A" Name="A">\n    <?include b.wxi ?>\n  </Directory>\n</Include>\n',
      '/p/b.wxi': '<Include>\n  <Directory Id="B" Name="B">\n    <?include a.wxi ?>\n  </Directory>\n</Include>\n',
    });
    assert.deepEqual(result.problems, ["/p/b.wxi:3:5 parse-error The include file 'a.wxi' includes itself, directly or through others."]);
  });

  it('refuses an include whose elements would nest more than 512 levels deep with the files including it', () => {
    const level = (next: string) =>
      `<Include>\n${'<Directory Id="D">'.repeat(250)}\n<?include ${next} ?>\n${'</Directory>'.repeat(250)}\n</Include>\n`;
    const result = lint({
      '/p/Product.wxs': v3(TREE('      <?include one.wxi ?>')),
      '/p/one.wxi': level('two.wxi'),
      '/p/two.wxi': level('three.wxi'),
      '/p/three.wxi': level('four.wxi'),
      '/p/four.wxi': '<Include />',
    });
    // Product.wxs nests 5 levels and each include file 251 (its <Include> counted): 5 + 251 + 251 fits, a third does not.
    assert.deepEqual(result.problems, [
      "/p/two.wxi:3:1 parse-error The include file 'three.wxi' is not read: its elements, 251 levels deep, would be nested more than 512 levels " +
        'deep with the files that include it; wixlint does not read sources this deep.',
    ]);
  });
});

describe("the editor's time budget", () => {
  // 5,000 components, one a line: component n (from 0) is on line n + 5.
  const many = Array.from({ length: 5000 }, (_, i) => `      <Component Id="C${i}" Guid="*"><File Source="c${i}.dll" /></Component>`).join('\n');
  const source = { '/p/Product.wxs': v3Fragment(TREE(many)) };

  it('stops reading when the time is up, with a warning at the element where it stopped; what was read is linted', () => {
    // The clock is asked every TIME_CHECK_INTERVAL elements read: out of time at the second time it is asked.
    let asked = 0;
    const result = lint(source, { outOfTime: () => ++asked >= 2, timeBudgetSeconds: 5 });
    assert.equal(asked, 2);
    // Elements whose content is read: <Wix>, <Fragment>, the two directories, then the components (a File has none).
    // Element 2 x TIME_CHECK_INTERVAL is component 4,091: lowered without its content, the last one read.
    const stoppedAt = 2 * TIME_CHECK_INTERVAL - 5;
    assert.deepEqual(result.problems, [
      `/p/Product.wxs:${stoppedAt + 5}:7 parse-error Linting Product.wxs stopped here after 5 s, the editor's time budget for one unit: ` +
        'what follows is not read, so its problems are not shown. Run wixlint on the command line to lint all of it.',
    ]);
    assert.equal(result.components.length, stoppedAt + 1);
  });

  it('reads everything when the time is not up, or without a clock', () => {
    assert.equal(lint(source, { outOfTime: () => false }).components.length, 5000);
    assert.deepEqual(lint(source).components.length, 5000);
  });
});

describe('values that grow', () => {
  it('a substitution past 4 MB is a parse-error where the value is used, read as written; the lint goes on', () => {
    // 2^20 characters after 20 doublings, used 600 times in one attribute: 600 MB if it were substituted.
    const doublings = Array.from({ length: 20 }, () => '  <?define A = "$(var.A)$(var.A)" ?>').join('\n');
    const uses = '$(var.A)'.repeat(600);
    const text = v3Fragment(
      `  <?define A = "x" ?>\n${doublings}\n${TREE(`      <Component Id="Big" Guid="*"><File Source="${uses}" /></Component>\n${AFTER}`)}`,
    );
    const result = lint({ '/p/Product.wxs': text });
    // At the attribute: the line of the <File>, whose Source starts at column 42.
    const line = text.slice(0, text.indexOf('<File Source=')).split('\n').length;
    assert.deepEqual(result.problems, [
      `/p/Product.wxs:${line}:42 parse-error` +
        ' With its variables substituted, this value grows past 4194304 characters; wixlint reads it as written, ' +
        'without substituting them. Is a long value used many times?',
    ]);
    assert.deepEqual(result.components, ['Big', 'After']);
  });
});

describe('what rests on a branch chosen without a value, through includes read later', () => {
  it('content an include brings inside an element of another include still rests on the enclosing <?if?>', () => {
    const result = lint({
      '/p/Product.wxs': v3(`
  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder">
      <?if $(var.Skip) = yes ?>
      <?else?>
      <?include Parts.wxi ?>
      <?endif?>
    </Directory></Directory>
    <Feature Id="Main" Level="1"><ComponentRef Id="Core" /></Feature>
  </Product>`),
      '/p/Parts.wxi': '<Include>\n  <Directory Id="INSTALLDIR" Name="Demo">\n    <?include Inner.wxi ?>\n  </Directory>\n</Include>\n',
      '/p/Inner.wxi': '<Include>\n  <Component Id="Core" Guid="*" Win64="yes"><File Source="core.dll" /></Component>\n</Include>\n',
    });
    // The component is there only if $(var.Skip) is not yes: what it brings is info, naming the variable.
    assert.deepEqual(
      result.problems.map((p) =>
        p
          .replace(/ \(.*$/, '')
          .split(' ')
          .slice(0, 2)
          .join(' '),
      ),
      ['/p/Inner.wxi:2:4 ice80', '/p/Inner.wxi:2:33 ice80', '/p/Product.wxs:3:4 isa-mixing', '/p/Product.wxs:9:7 undefined-variable'],
    );
    for (const p of result.problems.slice(0, 3)) assert.match(p, /\$\(var\.Skip\)/);
  });
});
