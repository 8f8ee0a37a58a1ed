// Tests how the server reads its settings: valid values kept in canonical order, anything malformed skipped.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSettings } from '../../server/src/lsp/settings';

describe('parseSettings', () => {
  it('defaults to x86 and no overrides', () => {
    for (const section of [undefined, null, 42, 'x64', [], {}, { platforms: [] }, { platforms: ['amd64'] }, { platforms: 'x64' }]) {
      assert.deepEqual(parseSettings(section), { platforms: ['x86'], rules: {} }, JSON.stringify(section));
    }
  });

  it('orders and de-duplicates platforms as x86, x64, arm64', () => {
    assert.deepEqual(parseSettings({ platforms: ['arm64', 'x64', 'arm64', 'X86'] }).platforms, ['x64', 'arm64']);
  });

  it('keeps valid severities only, and a rule id named __proto__ as an ordinary key', () => {
    const rules = parseSettings({ rules: JSON.parse('{"ice80": "off", "isa-mixing": "fatal", "x": 1, "__proto__": "info"}') as unknown }).rules;
    assert.equal(Object.getPrototypeOf(rules), Object.prototype);
    assert.deepEqual(Object.entries(rules), [['ice80', 'off'], ['__proto__', 'info']]);
    assert.deepEqual(parseSettings({ rules: ['ice80'] }).rules, {});
  });
});
