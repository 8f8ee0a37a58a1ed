// Tests the stylish-like text output by its exact characters, with and without colour.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatText } from '../../server/src/cli/format/text';
import type { Problem } from '../../server/src/engine/problem';
import { PRODUCT, at, problems, texts } from './sampleProblems';

describe('formatText', () => {
  it('groups by file, aligns place and severity per file, puts rule and platforms after the headline, and ends with a summary', () => {
    assert.equal(
      formatText(problems, texts, { color: false }),
      [
        'src/Product.wxs',
        "   3:4   error    Package 'Contoso' is 32-bit but contains 64-bit component 'Core64'.",
        '                  isa-mixing [x86]',
        '                  = note: On 32-bit Windows the 64-bit flag is ignored, and there is no registry',
        '                          redirection: the two components share every key.',
        '                  = help: Build one package per ISA.',
        "   6:9   info     Component 'Core32' has no explicit bitness.  ice80 [x86, x64]",
        "   9:32  error    Component 'Core64' is 64-bit but installs to 'INSTALLFOLDER', a 32-bit folder.",
        '                  ice80 [x86, x64]',
        '  11:11  warning  CLSID {0} is written by a 32-bit and a 64-bit component.  com-overwrite [x64]',
        '',
        'src/Shared.wxi',
        '  3:3  warning  Written here for every platform.  com-overwrite [x86, x64, arm64]',
        '',
        'build/Contoso.msi',
        "  Component/Core64       error  64-bit component 'Core64' in a 32-bit package.  ice80",
        '  _SummaryInformation/7  info   Template is Intel;1033.  isa-mixing',
        '',
        '\u2716 7 problems (3 errors, 2 warnings, 2 infos)',
        '',
      ].join('\n'),
    );
  });

  it('wraps every line to the width: headlines under themselves, notes under their label, a path never broken', () => {
    const long: Problem = {
      ruleId: 'payload-isa',
      severity: 'error',
      message: "File 'Tool' is an x64 binary but component 'Main' is 32-bit",
      note: 'Read from C:\\build\\output\\Release\\amd64\\very\\deep\\folder\\of\\the\\build\\tool.dll. It cannot load.',
      help: 'Install it from a 64-bit component.',
      platforms: ['x86'],
      location: at(PRODUCT, 'Package'),
      related: [],
    };
    const out = formatText([long], texts, { color: false, width: 60 });
    assert.equal(
      out,
      [
        'src/Product.wxs',
        "  3:4  error  File 'Tool' is an x64 binary but component",
        "              'Main' is 32-bit  payload-isa [x86]",
        '              = note: Read from',
        '                      C:\\build\\output\\Release\\amd64\\very\\deep\\folder\\of\\the\\build\\tool.dll.',
        '                      It cannot load.',
        '              = help: Install it from a 64-bit component.',
        '',
        '\u2716 1 problem (1 error, 0 warnings, 0 infos)',
        '',
      ].join('\n'),
    );
    // Only the unbreakable path is longer than the width.
    assert.deepEqual(
      out.split('\n').filter((l) => l.length > 60),
      ['                      C:\\build\\output\\Release\\amd64\\very\\deep\\folder\\of\\the\\build\\tool.dll.'],
    );
  });

  it('starts the text of a problem at a narrow indent when the headline column leaves too little room', () => {
    const one: Problem = { ...problems[0]!, location: at(PRODUCT, 'Package') };
    assert.equal(
      formatText([one], texts, { color: false, width: 50 }),
      [
        'src/Product.wxs',
        '  3:4  error',
        "    Package 'Contoso' is 32-bit but contains",
        "    64-bit component 'Core64'.  isa-mixing [x86]",
        '    = note: On 32-bit Windows the 64-bit flag is',
        '            ignored, and there is no registry',
        '            redirection: the two components share',
        '            every key.',
        '    = help: Build one package per ISA.',
        '',
        '\u2716 1 problem (1 error, 0 warnings, 0 infos)',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there is nothing to report', () => {
    assert.equal(formatText([], texts, { color: false }), '');
  });

  it('uses singulars, and puts a multi-line message on one line', () => {
    const one: Problem = {
      ruleId: 'parse-error',
      severity: 'warning',
      message: 'first line\n   second line\r\nthird',
      platforms: ['arm64'],
      location: at(PRODUCT, '<Wix'),
      related: [],
    };
    assert.equal(
      formatText([one], texts, { color: false }),
      'src/Product.wxs\n  2:1  warning  first line second line third  parse-error [arm64]\n\n\u2716 1 problem (0 errors, 1 warning, 0 infos)\n',
    );
  });

  it('colours without breaking the alignment', () => {
    const two = problems.slice(0, 2);
    const esc = '\u001b';
    assert.equal(
      formatText(two, texts, { color: true }),
      [
        `${esc}[4msrc/Product.wxs${esc}[24m`,
        `  ${esc}[2m3:4${esc}[22m  ${esc}[31merror${esc}[39m  Package 'Contoso' is 32-bit but contains 64-bit component 'Core64'.  ${esc}[2misa-mixing [x86]${esc}[22m`,
        `              ${esc}[1m= note: ${esc}[22mOn 32-bit Windows the 64-bit flag is ignored, and there is no registry`,
        '                      redirection: the two components share every key.',
        `              ${esc}[1m= help: ${esc}[22mBuild one package per ISA.`,
        `  ${esc}[2m6:9${esc}[22m  ${esc}[36minfo${esc}[39m   Component 'Core32' has no explicit bitness.  ${esc}[2mice80 [x86, x64]${esc}[22m`,
        '',
        `${esc}[1m${esc}[31m\u2716 2 problems (1 error, 0 warnings, 1 info)${esc}[39m${esc}[22m`,
        '',
      ].join('\n'),
    );
  });
});
