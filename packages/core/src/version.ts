import * as fs from 'node:fs';
import * as path from 'node:path';

/** Version of @dj/core, read from its package.json (same relative path from src/ and dist/). */
export const VERSION: string = (() => {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
