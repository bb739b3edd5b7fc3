/**
 * `dj schemas`, `dj tables`, `dj describe`, `dj preview`, `dj diagram` and `dj config`, run
 * as the built executable against each backend; settings from flags, the environment, or
 * `datajoint.json` with `.secrets/`; failures as one line on stderr and a non-zero status.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dj from 'datajoint';
import { describeBackends } from '@dj/testing';
import { cleanEnv, errorLines, REPO_ROOT, runDj, useCliTarget } from './helpers/cli-harness';

function defineLab(schema: dj.Schema) {
  @schema.table
  class Species extends dj.Lookup {
    static definition = `
    species : varchar(20)
    `;
    static contents = [['mouse'], ['rat']];
  }

  @schema.table
  class Subject extends dj.Manual {
    static definition = `
    # animals of the lab
    subject_id : int32
    ---
    -> Species
    name : varchar(20)   # what we call it
    `;
  }

  @schema.table
  class Session extends dj.Manual {
    static definition = `
    -> Subject
    session_idx : int16
    `;
    static Trial = class Trial extends dj.Part {
      static definition = `
      -> master
      trial : int16
      `;
    };
  }
  return { Species, Subject, Session };
}

describeBackends('dj browsing commands on $name', (backend) => {
  const target = useCliTarget(backend, 'cli_browse');

  beforeAll(async () => {
    const { schemaName } = target();
    await target().withInstance(async (inst) => {
      const lab = defineLab(inst.Schema(schemaName));
      await lab.Subject.insert([
        { subject_id: 1, species: 'mouse', name: 'Ann' },
        { subject_id: 2, species: 'rat', name: "O'Hara" },
        { subject_id: 3, species: 'mouse', name: 'Cy' },
      ]);
      await lab.Session.insert1({ subject_id: 1, session_idx: 1 });
      await lab.Session.Trial.insert([{ subject_id: 1, session_idx: 1, trial: 1 }, { subject_id: 1, session_idx: 1, trial: 2 }]);
    });
  });

  it('lists the schemas, as text and as JSON', async () => {
    const text = await target().dj(['schemas']);
    expect(text.code).toBe(0);
    expect(errorLines(text)).toEqual([]);
    expect(text.stdout.split('\n')).toContain(target().schemaName);
    const json = await target().dj(['--json', 'schemas']);
    const names = JSON.parse(json.stdout) as string[];
    expect(names).toContain(target().schemaName);
    for (const system of ['information_schema', 'pg_catalog', 'mysql', 'performance_schema', 'sys']) expect(names).not.toContain(system);
  });

  it('reads the connection from the environment (DJ_*) as well as from flags', async () => {
    const result = await runDj(['--json', 'schemas'], { env: target().env, cwd: target().dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toContain(target().schemaName);
  });

  it('lists the tables of a schema in dependency order with tiers and row counts', async () => {
    const result = await target().dj(['--json', 'tables', target().schemaName]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { table: '#species', className: 'Species', tier: 'lookup', rows: 2 },
      { table: 'subject', className: 'Subject', tier: 'manual', rows: 3 },
      { table: 'session', className: 'Session', tier: 'manual', rows: 1 },
      { table: 'session__trial', className: 'Session.Trial', tier: 'part', rows: 2 },
    ]);
    const text = await target().dj(['tables', target().schemaName]);
    expect(text.stdout).toMatch(/^class\s+tier\s+table\s+rows\n/);
    expect(text.stdout).toMatch(/Session\.Trial\s+part\s+session__trial\s+2/);
  });

  it('describes tables by class or table name, parts as Master.Part', async () => {
    const { schemaName } = target();
    const expected = await target().withInstance(async (inst) => ({
      subject: await inst.FreeTable(`${schemaName}.subject`).describe(),
      trial: await inst.FreeTable(`${schemaName}.session__trial`).describe(),
    }));
    expect(expected.subject).toContain('# animals of the lab');
    for (const name of ['Subject', 'subject']) {
      const result = await target().dj(['describe', `${schemaName}.${name}`]);
      expect(result).toMatchObject({ code: 0, stdout: expected.subject });
    }
    const part = await target().dj(['--json', 'describe', `${schemaName}.Session.Trial`]);
    const described = JSON.parse(part.stdout) as { definition: string; primaryKey: string[]; attributes: Array<{ name: string; type: string }> };
    expect(described.definition).toBe(expected.trial);
    expect(described.primaryKey).toEqual(['subject_id', 'session_idx', 'trial']);
    expect(described.attributes.map((a) => [a.name, a.type])).toEqual([['subject_id', 'int32'], ['session_idx', 'int16'], ['trial', 'int16']]);
  });

  it('previews rows, restricted by --where and cut by --limit', async () => {
    const { schemaName } = target();
    const all = await target().dj(['preview', `${schemaName}.Subject`, '--limit', '2']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^\*subject_id\s+species\s+name/);
    expect(all.stdout).toContain('...');
    expect(all.stdout).toContain('(Total: 3)');
    const json = await target().dj(['--json', 'preview', `${schemaName}.Subject`, '--where', "name = 'O''Hara' OR subject_id = 3", '-n', '5']);
    expect(JSON.parse(json.stdout)).toEqual({
      table: expect.stringContaining('subject'),
      total: 2,
      rows: [
        { subject_id: 2, species: 'rat', name: "O'Hara" },
        { subject_id: 3, species: 'mouse', name: 'Cy' },
      ],
    });
  });

  it('refuses a --where that is not one self-contained condition, changing nothing', async () => {
    const { schemaName } = target();
    for (const where of ['1=1; DROP TABLE x', "name = 'a' -- comment", '1=1) OR (1=1', "name = 'unclosed"]) {
      const result = await target().dj(['preview', `${schemaName}.Subject`, '--where', where]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(errorLines(result)).toEqual([expect.stringMatching(/^dj: error: Invalid SQL in restriction .*: /)]);
    }
    const count = await target().dj(['--json', 'tables', schemaName]);
    expect(JSON.parse(count.stdout)).toContainEqual({ table: 'subject', className: 'Subject', tier: 'manual', rows: 3 });
  });

  it('fails with one line, and a stack only with --verbose', async () => {
    const { schemaName } = target();
    const missing = await target().dj(['describe', `${schemaName}.NoSuchTable`]);
    expect(missing.code).toBe(1);
    expect(errorLines(missing)).toEqual([`dj: error: Table \`NoSuchTable\` does not exist in schema \`${schemaName}\`.`]);
    const verbose = await target().dj(['--verbose', 'describe', `${schemaName}.NoSuchTable`]);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/\n\s+at /);
    const noSchema = await target().dj(['tables', `${schemaName}_none`]);
    expect(noSchema.code).toBe(1);
    expect(errorLines(noSchema)).toEqual([`dj: error: Schema \`${schemaName}_none\` does not exist.`]);
    const badAddress = await target().dj(['describe', 'nodot']);
    expect(badAddress.code).toBe(1);
    expect(errorLines(badAddress)).toEqual([expect.stringMatching(/^dj: error: Name a table as schema\.table/)]);
    const usage = await target().dj(['preview']);
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toContain("missing required argument 'table'");
  });

  it('draws the diagram to a file by extension, or to stdout', async () => {
    const { schemaName, dir } = target();
    for (const [file, start] of [['pipeline.svg', '<svg'], ['pipeline.mmd', 'flowchart'], ['pipeline.dot', 'digraph']] as const) {
      const output = path.join(dir, file);
      const result = await target().dj(['diagram', schemaName, '-o', output]);
      expect(result).toMatchObject({ code: 0, stdout: `Wrote ${output}\n` });
      const text = fs.readFileSync(output, 'utf8');
      expect(text).toContain(start);
      expect(text).toContain('Subject');
      expect(text).toContain('Trial');
    }
    const mermaid = await target().dj(['diagram', schemaName]);
    expect(mermaid.stdout).toMatch(/^flowchart/);
    expect(mermaid.stdout).toContain('Subject --> Session');
    const dot = await target().dj(['diagram', schemaName, '--format', 'dot']);
    expect(dot.stdout).toMatch(/digraph/);
    const bad = await target().dj(['diagram', schemaName, '-o', path.join(dir, 'pipeline.txt')]);
    expect(bad.code).toBe(1);
    expect(errorLines(bad)).toEqual(['dj: error: Could not infer format from filename. Specify format explicitly.']);
  });
});

describe('dj config and settings files', () => {
  it('writes a datajoint.json template with .secrets/, and refuses to overwrite it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-cli-config-'));
    try {
      const result = await runDj(['config', '--template'], { cwd: dir });
      expect(result).toMatchObject({ code: 0, stdout: `Wrote ${path.join(dir, 'datajoint.json')}\n` });
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'datajoint.json'), 'utf8'))).toEqual({ database: { host: 'localhost', port: 3306 } });
      expect(fs.readFileSync(path.join(dir, '.secrets', 'database.user'), 'utf8')).toBe('your_username');
      const again = await runDj(['config', '--template'], { cwd: dir });
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^dj: error: File already exists: datajoint\.json/);
      const full = await runDj(['--json', 'config', '--template', '--full', '--no-secrets', '-o', 'full.json'], { cwd: dir });
      expect(JSON.parse(full.stdout)).toEqual({ file: path.join(dir, 'full.json') });
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'full.json'), 'utf8'))).toHaveProperty('display.limit', 12);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows the effective settings: file, secrets and flags, the password masked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-cli-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'datajoint.json'), JSON.stringify({ database: { host: 'db.example.org', port: 3307 }, display: { limit: 7 } }));
      fs.mkdirSync(path.join(dir, '.secrets'));
      fs.writeFileSync(path.join(dir, '.secrets', 'database.user'), 'alice');
      fs.writeFileSync(path.join(dir, '.secrets', 'database.password'), 'hunter2');
      const result = await runDj(['--json', '--port', '3308', 'config'], { cwd: dir, env: cleanEnv() });
      expect(result.code).toBe(0);
      const shown = JSON.parse(result.stdout) as { configFile: string; settings: { database: Record<string, unknown>; display: Record<string, unknown> } };
      expect(shown.configFile).toBe(path.join(dir, 'datajoint.json'));
      expect(shown.settings.database).toMatchObject({ host: 'db.example.org', port: 3308, user: 'alice' });
      expect(shown.settings.database.password).not.toBe('hunter2');
      expect(result.stdout).not.toContain('hunter2');
      expect(shown.settings.display.limit).toBe(7);
      // as datajoint-python's -u/-p/--host, the flags win over the file and the secrets
      const flagged = await runDj(['--json', '-u', 'bob', '-p', 'secret', '--host', 'flag.example.org', '--backend', 'postgresql', 'config'], { cwd: dir, env: cleanEnv() });
      const flaggedSettings = (JSON.parse(flagged.stdout) as { settings: { database: Record<string, unknown> } }).settings.database;
      expect(flaggedSettings).toMatchObject({ host: 'flag.example.org', user: 'bob', backend: 'postgresql' });
      expect(flagged.stdout).not.toContain('secret');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the missing credential when a server backend has none', async () => {
    const result = await runDj(['--backend', 'mysql', 'schemas'], { env: cleanEnv({ DJ_IGNORE_CONFIG_FILE: 'true' }) });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe('dj: error: Database user not configured: pass --user, set DJ_USER, or database.user in datajoint.json.\n');
  });

  it('prints its version and help, as the bin of @dj/cli and of datajoint', async () => {
    const version = await runDj(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `datajoint ${dj.VERSION}\n` });
    for (const pkg of ['cli', 'datajoint']) {
      const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'packages', pkg, 'package.json'), 'utf8')) as { bin: Record<string, string> };
      const bin = path.join(REPO_ROOT, 'packages', pkg, manifest.bin.dj!);
      expect(fs.statSync(bin).mode & 0o111).not.toBe(0);
      const viaBin = await new Promise<string>((resolve, reject) =>
        execFile(bin, ['--version'], { env: cleanEnv() }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
      );
      expect(viaBin).toBe(`datajoint ${dj.VERSION}\n`);
    }
    const help = await runDj(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['schemas', 'tables', 'describe', 'preview', 'diagram', 'populate', 'jobs', 'codegen', 'config', 'repl']) {
      expect(help.stdout).toContain(command);
    }
  });
});
