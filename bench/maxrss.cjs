// Preload (node --require) for the children of runWithPeakRss (bench/common.mjs), which bench/lint.mjs and bench/msi.mjs
// time: at exit, writes this process's peak RSS in KB to $WIXLINT_BENCH_RSS_FILE.
'use strict';
const fs = require('node:fs');

const file = process.env.WIXLINT_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    fs.writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
