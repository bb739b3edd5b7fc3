/**
 * Instance options by backend, at compile time: the type tests in
 * `test/types/instance-options.types.ts` compile without errors, and each error they expect
 * (`@ts-expect-error`) is the intended one: with the directives removed, the compiler
 * reports exactly these diagnostics on exactly those lines. The same options are refused
 * at run time by `packages/core/test/backend-options.test.ts`.
 */
import * as path from 'node:path';
import { diagnosticsWithoutDirectives, expectedErrorLines, typeDiagnostics } from '../../schema/test/helpers/type-diagnostics';

const fixture = path.join(__dirname, 'types', 'instance-options.types.ts');

describe('Instance options by backend (compile-time)', () => {
  jest.setTimeout(300_000);

  it('compiles the type tests without errors', () => {
    expect(typeDiagnostics(fixture)).toEqual([]);
  });

  it('reports exactly the intended error under each @ts-expect-error', () => {
    const expectedLines = expectedErrorLines(fixture);
    expect(expectedLines).toHaveLength(14);
    const found = diagnosticsWithoutDirectives(fixture);
    expect(found).toEqual([
      `${expectedLines[0]}: TS2353`, // pglite: host
      `${expectedLines[1]}: TS2353`, // pglite: user
      `${expectedLines[2]}: TS2353`, // pglite: port
      `${expectedLines[3]}: TS2353`, // pglite: useTls
      `${expectedLines[4]}: TS2353`, // pglite: database__host
      `${expectedLines[5]}: TS2353`, // pglite: database: { use_tls }
      `${expectedLines[6]}: TS2353`, // mysql: database__name
      `${expectedLines[7]}: TS2353`, // mysql: database: { name }
      `${expectedLines[8]}: TS2353`, // mysql: pglite
      `${expectedLines[9]}: TS2353`, // mysql: database__pglite_dir
      `${expectedLines[10]}: TS2353`, // postgresql: connection__charset
      `${expectedLines[11]}: TS2353`, // postgresql: connection: { charset }
      `${expectedLines[12]}: TS2353`, // satisfies PgliteInstanceOptions: password
      `${expectedLines[13]}: TS2322`, // useTls: 'yes'
    ]);
  });
});
