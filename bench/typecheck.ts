/**
 * Type-check time of typed rows: a 40-table pipeline with 20 attributes per table, each
 * table referencing the previous one and used through toDicts, fetch1, insert1, proj and
 * join, compiled once with `static readonly definition` (typed rows) and once with
 * `static definition` (untyped, the same code otherwise). Prints tsc's "Check time" of both
 * (`tsc --extendedDiagnostics`) and the difference.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const TABLES = 40;
const ATTRIBUTES = 20;
const TYPES = ['int32', 'float64', 'varchar(32)', 'date', 'int64', 'decimal(8,2)', "enum('a','b','c')", 'bool', 'datetime(3)', 'json'];
/** A value of each type in TYPES, as source text. */
const VALUES = ['1', '1.5', "'x'", 'new Date()', '1n', "'1.00'", "'a'", 'true', 'new Date()', '{ any: 1 }'];

/** `name: value` of the attributes of table `t` without a default. */
function requiredValues(t: number): string {
  const values: string[] = [];
  for (let a = 0; a < ATTRIBUTES - 1; a++) if (a % 4 !== 0) values.push(`a${t}_${a}: ${VALUES[a % VALUES.length]}`);
  return values.join(', ');
}

/** The pipeline's source; `typed` chooses `static readonly definition`. */
export function pipelineSource(typed: boolean): string {
  const modifier = typed ? 'static readonly' : 'static';
  const out = ["import * as dj from 'datajoint';", 'declare const schema: dj.Schema;', ''];
  for (let t = 0; t < TABLES; t++) {
    const lines = [`t${t}_id : int32`];
    if (t > 0) lines.unshift(`-> T${t - 1}`);
    lines.push('---');
    for (let a = 0; a < ATTRIBUTES - 1; a++) lines.push(`a${t}_${a}${a % 4 === 0 ? ' = null' : ''} : ${TYPES[a % TYPES.length]}   # attribute ${a}`);
    out.push(`@schema.table\nexport class T${t} extends dj.Manual {\n  ${modifier} definition = \`\n  ${lines.join('\n  ')}\n  \`;\n}\n`);
  }
  out.push('declare global {\n  interface DataJointTables {');
  for (let t = 0; t < TABLES; t++) out.push(`    T${t}: typeof T${t};`);
  out.push('  }\n}\n', 'export async function use(): Promise<unknown[]> {', '  const out: unknown[] = [];');
  for (let t = 1; t < TABLES; t++) {
    out.push(
      `  out.push(await T${t}.toDicts(), await T${t}.fetch1('a${t}_1'), await T${t}.proj('a${t}_2').keys(), await T${t}.join(T${t - 1}).fetch1());`,
      `  const key${t} = await T${t - 1}.fetch1('KEY');`,
      `  await T${t}.insert1({ ...key${t}, t${t}_id: 1, ${requiredValues(t)} });`,
    );
  }
  out.push('  return out;', '}', '');
  return out.join('\n');
}

/** The repository root (this file runs from `bench/dist`). */
const root = path.resolve(__dirname, '../..');

/** tsc's check time in seconds for one pipeline source. */
function checkTime(dir: string, name: string, source: string): number {
  const file = path.join(dir, `${name}.ts`);
  writeFileSync(file, source);
  const config = path.join(dir, `${name}.tsconfig.json`);
  writeFileSync(
    config,
    JSON.stringify({ extends: path.join(root, 'tsconfig.base.json'), compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, types: ['node'], typeRoots: [path.join(root, 'node_modules/@types')] }, files: [file] }),
  );
  const output = execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', config, '--extendedDiagnostics'], { cwd: root, encoding: 'utf8' });
  const match = /Check time:\s+([\d.]+)s/.exec(output);
  if (!match) throw new Error(`tsc printed no check time:\n${output}`);
  return Number(match[1]);
}

export async function typecheckBenchmark(): Promise<void> {
  // inside the repository, so that the pipeline resolves 'datajoint' as an application does
  const dir = mkdtempSync(path.join(root, 'bench', 'dist', 'typecheck-'));
  try {
    const untyped = checkTime(dir, 'untyped', pipelineSource(false));
    const typed = checkTime(dir, 'typed', pipelineSource(true));
    console.log(`typecheck: ${TABLES} tables x ${ATTRIBUTES} attributes: check time typed ${typed.toFixed(2)} s, untyped ${untyped.toFixed(2)} s, extra ${(typed - untyped).toFixed(2)} s (ratio ${(typed / untyped).toFixed(2)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
