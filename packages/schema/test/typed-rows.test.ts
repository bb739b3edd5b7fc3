/**
 * Typed rows: the type tests in `test/types/` compile without errors, and each error they
 * expect (`@ts-expect-error`) is the intended one: with the directives removed, the
 * compiler reports exactly these diagnostics on exactly those lines.
 */
import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '../../..');
const fixture = path.join(__dirname, 'types', 'typed-rows.types.ts');

/** Compiles the fixture with the test configuration, its text optionally rewritten; resolves to its diagnostics. */
function diagnosticsOf(rewrite: (text: string) => string = (text) => text): ts.Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.test.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => {
    const text = readFile(name);
    return text !== undefined && path.resolve(name) === fixture ? rewrite(text) : text;
  };
  const program = ts.createProgram({ rootNames: [fixture], options: config.options, host });
  const source = program.getSourceFile(fixture)!;
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
}

/** `line: TScode` for each diagnostic, lines 1-based. */
function summary(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: TS${d.code}`);
}

describe('typed rows (compile-time)', () => {
  jest.setTimeout(300_000);

  it('compiles the type tests without errors', () => {
    expect(summary(diagnosticsOf())).toEqual([]);
  });

  it('reports exactly the intended error under each @ts-expect-error', () => {
    const text = ts.sys.readFile(fixture)!;
    const lines = text.split('\n');
    // the line after each directive, 1-based
    const expectedLines = lines.flatMap((line, i) => (line.includes('// @ts-expect-error') ? [i + 2] : []));
    expect(expectedLines).toHaveLength(12);
    const withoutDirectives = (source: string) => source.replace(/\/\/ @ts-expect-error/g, '//');
    const found = summary(diagnosticsOf(withoutDirectives));
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
