// Loads a CommonJS bundle with V8's code cache written next to it at build time (`<bundle>.cache`), so a cold
// `wixlint` run skips compiling the functions a lint needs. Without a cache it is a plain require().
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

/** Compiles (with `cachedData` when given) and runs the bundle as a CommonJS module; returns the script. */
function runBundle(file, cachedData) {
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const bundleModule = new Module(file, null);
  bundleModule.filename = file;
  bundleModule.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext()(bundleModule.exports, Module.createRequire(file), bundleModule, file, path.dirname(file));
  return script;
}

function loadBundle(file) {
  let cachedData;
  try {
    cachedData = fs.readFileSync(`${file}.cache`);
  } catch {
    require(file);
    return;
  }
  // A cache from another Node.js version is rejected by V8 and the bundle compiles as usual.
  runBundle(file, cachedData);
}

module.exports = { loadBundle, runBundle };
