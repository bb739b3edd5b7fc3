#!/usr/bin/env node
// The `dj` command of @dj/cli, installed with `datajoint` so that `npx dj` works in a project that uses it.
require('@dj/cli/dist/bin.js');
