/**
 * The databases datajoint-python 2.x declared and filled (`make_lab.py`, dumps for MySQL and
 * PostgreSQL, and `expected.json` describing them), shipped with this package so that
 * interoperability tests run from any checkout. `DJ_FIXTURES_DIR` points at another copy.
 */
import * as path from 'node:path';

/** The folder holding `expected.json` and the `lab.*.sql` dumps. */
export const PYTHON_FIXTURES_DIR = process.env.DJ_FIXTURES_DIR || path.resolve(__dirname, '..', 'fixtures', 'python-declared');

/** datajoint-python's object-store fixtures: a store tree (`store/`) and the rows referring to it (`rows.json`). */
export const PYTHON_OBJECT_FIXTURES_DIR = path.join(PYTHON_FIXTURES_DIR, 'objects');
