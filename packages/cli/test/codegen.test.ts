/**
 * `dj codegen`: TypeScript classes generated for an existing schema — one declared here,
 * and one declared by datajoint-python (the python-declared fixtures) — type-check against
 * `datajoint`, describe the database's tables exactly, and declare the same tables again
 * in another schema (each `describe()` equal to the original's).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import * as dj from 'datajoint';
import { describeBackends } from '@dj/testing';
import { errorLines, REPO_ROOT, useCliTarget, type CliTarget } from './helpers/cli-harness';
import { FIXTURE_SCHEMA, loadFixture } from '../../schema/test/helpers/python-fixtures';

function defineLab(schema: dj.Schema) {
  @schema.table
  class Species extends dj.Lookup {
    static definition = `
    # kinds of animals, \`quoted\` and \${not a placeholder}
    species : varchar(20)
    ---
    latin = "" : varchar(60)   # the name in C:\\\\Latin
    `;
    static contents = [['mouse', 'Mus musculus']];
  }

  @schema.table
  class Subject extends dj.Manual {
    static definition = `
    subject_id : int32
    ---
    -> Species
    sex = 'U' : enum('F', 'M', 'U')
    born = null : date
    weight : decimal(6, 2)
    UNIQUE INDEX (weight, born)
    `;
  }

  @schema.table
  class Session extends dj.Manual {
    static definition = `
    -> Subject
    session_idx : int16
    ---
    -> [nullable] Subject.proj(partner_id='subject_id')
    notes = null : json
    `;
    static Trial = class Trial extends dj.Part {
      static definition = `
      -> master
      trial : int16
      ---
      signal = null : <blob>
      `;
    };
  }

  @schema.table
  class Stats extends dj.Computed {
    static definition = `
    -> Session
    ---
    n : int32
    `;
    static Unit = class Unit extends dj.Part {
      static definition = `
      -> master
      -> Session.Trial
      `;
    };
  }
  return { Species, Subject, Session, Stats };
}

/** Type errors of the generated file, checked against the built `datajoint` typings. */
function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: [],
    baseUrl: REPO_ROOT,
    paths: { datajoint: ['packages/datajoint/dist/index.d.ts'] },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Compiles the generated TypeScript next to it and loads it. */
function load(file: string): Record<string, unknown> & { schema: dj.Schema } {
  const output = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: { experimentalDecorators: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true },
  });
  const js = file.replace(/\.ts$/, '.js');
  fs.writeFileSync(js, output.outputText);
  return require(js) as Record<string, unknown> & { schema: dj.Schema };
}

/**
 * Generates classes for `schemaName`, then checks that they compile, describe the tables as
 * they are, and declare them again identically in `${schemaName}_rt`; resolves to the class names.
 */
async function roundTrip(target: CliTarget, schemaName: string, file: string): Promise<string[]> {
  const result = await target.dj(['codegen', schemaName, '-o', file]);
  expect(errorLines(result)).toEqual([]);
  expect(result).toMatchObject({ code: 0, stdout: `Wrote ${file}\n` });
  expect(typeErrors(file)).toEqual([]);
  const generated = load(file);
  const copyName = `${schemaName}_rt`;
  return target.withInstance(async (inst) => {
    const original = await inst.Schema(schemaName, { createSchema: false }).listTables();
    const onOriginal = generated.schema.on(inst, schemaName);
    const copy = generated.schema.on(inst, copyName);
    await copy.ready();
    expect(await copy.listTables()).toEqual(original);
    for (const table of original) {
      const expected = await inst.FreeTable(`${schemaName}.${table}`).describe();
      expect([table, await inst.FreeTable(`${copyName}.${table}`).describe()]).toEqual([table, expected]);
    }
    for (const name of Object.keys(onOriginal.tables)) {
      const cls = onOriginal.tables[name]! as unknown as typeof dj.Manual;
      expect([name, await cls.describe()]).toEqual([name, await inst.FreeTable(`${schemaName}.${cls.tableName}`).describe()]);
    }
    return Object.keys(onOriginal.tables);
  });
}

describeBackends('dj codegen on $name', (backend) => {
  const target = useCliTarget(backend, 'cli_codegen');

  beforeAll(async () => {
    await target().withInstance(async (inst) => {
      const schema = inst.Schema(target().schemaName);
      defineLab(schema);
      await schema.ready();
    });
  });

  it('generates classes of every tier, parts inside their masters, that declare the same tables', async () => {
    const { dir, schemaName } = target();
    const file = path.join(dir, 'lab.ts');
    expect(await roundTrip(target(), schemaName, file)).toEqual(['Species', 'Subject', 'Session', 'Stats']);
    const source = fs.readFileSync(file, 'utf8');
    expect(source).toContain("import * as dj from 'datajoint';");
    expect(source).toContain('export class Species extends dj.Lookup {');
    expect(source).toContain('export class Stats extends dj.Computed {');
    expect(source).toContain('static readonly Trial = class Trial extends dj.Part {');
    expect(source).toContain('static readonly Unit = class Unit extends dj.Part {');
    expect(source).toContain('\\`quoted\\` and \\${not a placeholder}');
  });

  it('prints to stdout, and does not overwrite a file unless --force', async () => {
    const { dir, schemaName } = target();
    const stdout = await target().dj(['codegen', schemaName]);
    expect(stdout.code).toBe(0);
    expect(stdout.stdout).toBe(fs.readFileSync(path.join(dir, 'lab.ts'), 'utf8'));
    const again = await target().dj(['codegen', schemaName, '-o', path.join(dir, 'lab.ts')]);
    expect(again.code).toBe(1);
    expect(errorLines(again)).toEqual(['dj: error: File already exists: ' + path.join(dir, 'lab.ts') + '. Pass --force to overwrite it.']);
    const forced = await target().dj(['codegen', schemaName, '-o', path.join(dir, 'lab.ts'), '--force']);
    expect(forced.code).toBe(0);
    const missing = await target().dj(['codegen', `${schemaName}_none`]);
    expect(errorLines(missing)).toEqual([`dj: error: Schema \`${schemaName}_none\` does not exist.`]);
  });

  it('generates classes for a schema declared by datajoint-python', async () => {
    await target().withInstance((inst) => loadFixture(backend, inst.connection));
    try {
      const names = await roundTrip(target(), FIXTURE_SCHEMA, path.join(target().dir, 'interop.ts'));
      expect(names).toEqual(expect.arrayContaining(['Species', 'Experimenter', 'Subject', 'CageMate', 'Session', 'RawRecording', 'SessionSummary']));
    } finally {
      await target().withInstance(async (inst) => {
        await inst.connection.query(inst.connection.adapter.dropSchemaSql(`${FIXTURE_SCHEMA}_rt`));
        await inst.connection.query(inst.connection.adapter.dropSchemaSql(FIXTURE_SCHEMA));
      });
    }
  });
});
