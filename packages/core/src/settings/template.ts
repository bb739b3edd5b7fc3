/**
 * `Config.saveTemplate()`: writes a starting `datajoint.json` and a `.secrets/` folder
 * for credentials. Touches no global state, so it works in thread-safe mode.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataJointError } from '../errors';
import { CONFIG_FILENAME } from './config-file';
import { SECRETS_DIRNAME } from './secrets';

/** Options of {@link saveConfigTemplate}. */
export interface SaveTemplateOptions {
  /** Only database host and port (default), or every commonly used setting. */
  minimal?: boolean;
  /** Also create `.secrets/` with placeholder credential files and a `.gitignore` (default true). */
  createSecretsDir?: boolean;
}

const MINIMAL_TEMPLATE = { database: { host: 'localhost', port: 3306 } };

const FULL_TEMPLATE = {
  database: { host: 'localhost', port: 3306, reconnect: true, use_tls: null },
  connection: { charset: '' },
  display: { limit: 12, width: 14, show_tuple_count: true },
  stores: {
    default: 'main',
    filepath_default: 'raw_data',
    main: { protocol: 'file', location: '/data/my-project/main', partition_pattern: null, token_length: 8, subfolding: null },
    raw_data: { protocol: 'file', location: '/data/my-project/raw' },
  },
  loglevel: 'INFO',
  safemode: true,
  query_cache: null,
  download_path: '.',
};

/**
 * Writes a template configuration file and returns its absolute path.
 * Refuses to overwrite an existing file.
 */
export function saveConfigTemplate(file: string = CONFIG_FILENAME, options: SaveTemplateOptions = {}): string {
  const { minimal = true, createSecretsDir = true } = options;
  const target = path.resolve(file);
  if (fs.existsSync(target)) {
    throw new DataJointError(`File already exists: ${file}. Remove it first or choose a different path.`);
  }
  const template = minimal ? MINIMAL_TEMPLATE : FULL_TEMPLATE;
  fs.writeFileSync(target, JSON.stringify(template, null, 2) + '\n');
  if (createSecretsDir) {
    const secretsDir = path.join(path.dirname(target), SECRETS_DIRNAME);
    fs.mkdirSync(secretsDir, { recursive: true });
    const placeholders: Record<string, string> = { 'database.user': 'your_username', 'database.password': 'your_password' };
    for (const [name, placeholder] of Object.entries(placeholders)) {
      const secretFile = path.join(secretsDir, name);
      if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, placeholder);
    }
    const gitignore = path.join(secretsDir, '.gitignore');
    if (!fs.existsSync(gitignore)) fs.writeFileSync(gitignore, '# Never commit secrets\n*\n!.gitignore\n');
  }
  return target;
}
