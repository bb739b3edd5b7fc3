#!/usr/bin/env node
// The `dj` executable: a committed, executable file, so the link npm makes works before and after builds.
require('../dist/bin.js');
