/**
 * The secrets folder (spec-core §1.4): `.secrets/` beside `datajoint.json`, else
 * `/run/secrets/datajoint/`. One file per value, named by its key, content trimmed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFile } from './config-file';

export const SECRETS_DIRNAME = '.secrets';
export const SYSTEM_SECRETS_DIR = '/run/secrets/datajoint';

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** The secrets folder for a configuration file (or for none), or `null` when there is none. */
export function findSecretsDir(configFile: string | null, systemDir: string = SYSTEM_SECRETS_DIR): string | null {
  if (configFile !== null) {
    const projectDir = path.join(path.dirname(configFile), SECRETS_DIRNAME);
    if (isDirectory(projectDir)) return projectDir;
  }
  return isDirectory(systemDir) ? systemDir : null;
}

/** Values found in a secrets folder. */
export interface Secrets {
  user?: string;
  password?: string;
  /** `stores.<name>.<attr>` files. */
  storeAttributes: Array<[string, string, string]>;
}

/** Reads the secret files of a folder. Hidden files are skipped. */
export function readSecrets(dir: string): Secrets {
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8').trim();
  const secrets: Secrets = { storeAttributes: [] };
  if (isFile(path.join(dir, 'database.user'))) secrets.user = read('database.user');
  if (isFile(path.join(dir, 'database.password'))) secrets.password = read('database.password');
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.startsWith('.') || !isFile(path.join(dir, name))) continue;
    const parts = name.split('.');
    if (parts.length === 3 && parts[0] === 'stores') {
      secrets.storeAttributes.push([parts[1]!, parts[2]!, read(name)]);
    }
  }
  return secrets;
}
