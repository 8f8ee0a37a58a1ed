// Tests how the server reads its settings: valid values kept in canonical order, anything malformed skipped.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSettings } from '../../server/src/lsp/settings';

describe('parseSettings', () => {
  it('defaults to enabled, automatic platforms and no overrides, defines or include paths', () => {
    for (const section of [undefined, null, 42, 'x64', [], {}, { platforms: [] }, { platforms: ['amd64'] }, { platforms: 'x64' }]) {
      assert.deepEqual(
        parseSettings(section),
        { enable: true, platforms: [], rules: {}, defines: {}, includePaths: [], bindPaths: [], missingPayloads: false, configuration: undefined },
        JSON.stringify(section),
      );
    }
  });

  it('reads the configuration as a trimmed name, else none', () => {
    assert.equal(parseSettings({ configuration: ' Release ' }).configuration, 'Release');
    for (const configuration of ['', '  ', 3, null]) assert.equal(parseSettings({ configuration }).configuration, undefined);
  });

  it('reads defines as strings (numbers and booleans too) and include paths as non-empty strings', () => {
    const settings = parseSettings({
      defines: JSON.parse('{"Bits": "yes", "N": 64, "Debug": true, "": "x", "Bad": {}, "__proto__": "p"}') as unknown,
      includePaths: ['inc', '', 3, '/abs'],
    });
    assert.deepEqual(Object.entries(settings.defines), [
      ['Bits', 'yes'],
      ['N', '64'],
      ['Debug', 'true'],
      ['__proto__', 'p'],
    ]);
    assert.deepEqual(settings.includePaths, ['inc', '/abs']);
    assert.deepEqual(parseSettings({ defines: ['A=1'], includePaths: 'inc' }), {
      enable: true,
      platforms: [],
      rules: {},
      defines: {},
      includePaths: [],
      bindPaths: [],
      missingPayloads: false,
      configuration: undefined,
    });
  });

  it('reads bind paths as non-empty strings and missingPayloads only as true', () => {
    const settings = parseSettings({ bindPaths: ['bin', '', 7, 'payload=out/payload'], missingPayloads: true });
    assert.deepEqual(settings.bindPaths, ['bin', 'payload=out/payload']);
    assert.equal(settings.missingPayloads, true);
    for (const missingPayloads of ['true', 1, null]) assert.equal(parseSettings({ missingPayloads }).missingPayloads, false);
  });

  it('is disabled only by enable: false, as the setting is a boolean defaulting to true', () => {
    assert.equal(parseSettings({ enable: false }).enable, false);
    for (const enable of [true, 'false', 0, null, undefined]) assert.equal(parseSettings({ enable }).enable, true, String(enable));
  });

  it('orders and de-duplicates platforms as x86, x64, arm64', () => {
    assert.deepEqual(parseSettings({ platforms: ['arm64', 'x64', 'arm64', 'X86'] }).platforms, ['x64', 'arm64']);
  });

  it('keeps valid severities only, and a rule id named __proto__ as an ordinary key', () => {
    const rules = parseSettings({ rules: JSON.parse('{"ice80": "off", "isa-mixing": "fatal", "x": 1, "__proto__": "info"}') as unknown }).rules;
    assert.equal(Object.getPrototypeOf(rules), Object.prototype);
    assert.deepEqual(Object.entries(rules), [
      ['ice80', 'off'],
      ['__proto__', 'info'],
    ]);
    assert.deepEqual(parseSettings({ rules: ['ice80'] }).rules, {});
  });
});
