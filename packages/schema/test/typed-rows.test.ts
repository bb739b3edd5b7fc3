/**
 * Typed rows: the type tests in `test/types/` compile without errors, and each error they
 * expect (`@ts-expect-error`) is the intended one: with the directives removed, the
 * compiler reports exactly these diagnostics on exactly those lines.
 */
import * as path from 'node:path';
import { diagnosticsWithoutDirectives, expectedErrorLines, typeDiagnostics } from './helpers/type-diagnostics';

const fixture = path.join(__dirname, 'types', 'typed-rows.types.ts');

describe('typed rows (compile-time)', () => {
  jest.setTimeout(300_000);

  it('compiles the type tests without errors', () => {
    expect(typeDiagnostics(fixture)).toEqual([]);
  });

  it('reports exactly the intended error under each @ts-expect-error', () => {
    const expectedLines = expectedErrorLines(fixture);
    expect(expectedLines).toHaveLength(12);
    const found = diagnosticsWithoutDirectives(fixture);
    expect(found.map((entry) => Number(entry.split(':')[0]))).toEqual(expectedLines);
    expect(found).toEqual([
      `${expectedLines[0]}: TS2345`, // restrict(3): a number is not a restriction
      `${expectedLines[1]}: TS2345`, // minus(null)
      `${expectedLines[2]}: TS2345`, // an array holding a number
      `${expectedLines[3]}: TS2345`, // dj.Not(a function)
      `${expectedLines[4]}: TS2769`, // fetch1('sx'): no overload takes a name the row lacks
      `${expectedLines[5]}: TS2345`, // proj('wieght')
      `${expectedLines[6]}: TS2322`, // sex: 'X' is not 'F' | 'M' | 'U'
      `${expectedLines[7]}: TS2345`, // subject_id missing
      `${expectedLines[8]}: TS2353`, // colour: an unknown attribute in an object literal
      `${expectedLines[9]}: TS2322`, // born: a number is neither a Date nor text
      `${expectedLines[10]}: TS2345`, // update1 without the key
      `${expectedLines[11]}: TS2339`, // row.colour
    ]);
  });
});
