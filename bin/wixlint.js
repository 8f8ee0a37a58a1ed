#!/usr/bin/env node
// The installed `wixlint` command; the code lives in the esbuild bundle so startup loads one file.
'use strict';
const { loadBundle } = require('../scripts/load-bundle.cjs');

loadBundle(require('node:path').join(__dirname, '..', 'dist', 'cli.js'));
