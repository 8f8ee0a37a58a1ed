#!/usr/bin/env node
// The installed `wixlint` command; the code lives in the esbuild bundle so startup loads one file.
'use strict';
require('../dist/cli.js');
