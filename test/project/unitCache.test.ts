// UnitLintCache: a unit's lint is reused while its identity and every file it read (sources and includes) are unchanged.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintUnit, type UnitsLintRequest } from '../../server/src/project/lint';
import { UnitLintCache } from '../../server/src/project/unitCache';
import type { LintUnit } from '../../server/src/project/units';
import { v3 } from '../ruleTester';
import { memoryUnits } from './memoryFs';

const P = (p: string): string => path.resolve(p);
const PRODUCT = v3(`
  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLDIR" Name="Demo">
      <?include Parts.wxi ?>
    </Directory></Directory></Directory>
    <Feature Id="Main" Level="1"><ComponentRef Id="Core" /></Feature>
  </Product>`);
const PARTS = (win64: string): string =>
  `<Include>\n  <Component Id="Core" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}" Win64="${win64}"><File Source="core.dll" /></Component>\n</Include>\n`;

function setUp(files: Record<string, string>): { units: LintUnit[]; request: UnitsLintRequest } {
  return memoryUnits(files, [P('/w/Product.wxs')]);
}

const ruleIds = (problems: readonly { ruleId: string }[]): string[] => problems.map((p) => p.ruleId).sort();

describe('UnitLintCache', () => {
  it('records every file a unit read, includes among them', () => {
    const { units, request } = setUp({ '/w/Product.wxs': PRODUCT, '/w/Parts.wxi': PARTS('yes') });
    assert.deepEqual([...lintUnit(units[0]!, request).reads.keys()], [P('/w/Product.wxs'), P('/w/Parts.wxi')]);
  });

  it('reuses a unit while nothing it read changed; an include that changed lints it again', () => {
    const cache = new UnitLintCache();
    const before = setUp({ '/w/Product.wxs': PRODUCT, '/w/Parts.wxi': PARTS('yes') });
    const first = cache.lint(before.units[0]!, before.request);
    assert.deepEqual([first.reused, ruleIds(first.lint.problems)], [false, ['ice80', 'ice80', 'isa-mixing']]);
    const again = setUp({ '/w/Product.wxs': PRODUCT, '/w/Parts.wxi': PARTS('yes') });
    assert.equal(cache.lint(again.units[0]!, again.request).reused, true);
    const changed = setUp({ '/w/Product.wxs': PRODUCT, '/w/Parts.wxi': PARTS('no') });
    const relinted = cache.lint(changed.units[0]!, changed.request);
    assert.deepEqual([relinted.reused, ruleIds(relinted.lint.problems)], [false, []]);
  });

  it('lints again when the overrides differ, and forgets units not looked up since the last retain', () => {
    const cache = new UnitLintCache();
    const { units, request } = setUp({ '/w/Product.wxs': PRODUCT, '/w/Parts.wxi': PARTS('yes') });
    cache.lint(units[0]!, request);
    const x64 = { ...request, overrides: { ...request.overrides, platforms: ['x64' as const] } };
    assert.equal(cache.lint(units[0]!, x64).reused, false);
    assert.equal(cache.lint(units[0]!, x64).reused, true);
    cache.retain();
    cache.retain();
    assert.equal(cache.lint(units[0]!, x64).reused, false);
  });
});
