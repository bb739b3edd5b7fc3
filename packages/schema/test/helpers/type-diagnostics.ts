/**
 * Compile-time tests: a type fixture (never run) is compiled with the test configuration,
 * once as written (it must compile cleanly) and once with its `@ts-expect-error` directives
 * removed, to prove that each directive meets the intended error on the line below it.
 */
import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '../../../..');
const DIRECTIVE = '// @ts-expect-error';

/** Compiles `fixture` with the test configuration, its text optionally rewritten; its diagnostics as `line: TScode`, lines 1-based. */
export function typeDiagnostics(fixture: string, rewrite: (text: string) => string = (text) => text): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.test.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => {
    const text = readFile(name);
    return text !== undefined && path.resolve(name) === fixture ? rewrite(text) : text;
  };
  const program = ts.createProgram({ rootNames: [fixture], options: config.options, host });
  const source = program.getSourceFile(fixture)!;
  const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  return diagnostics.map((d) => `${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: TS${d.code}`);
}

/** The 1-based lines right after each `@ts-expect-error` directive of `fixture`. */
export function expectedErrorLines(fixture: string): number[] {
  const lines = ts.sys.readFile(fixture)!.split('\n');
  return lines.flatMap((line, i) => (line.includes(DIRECTIVE) ? [i + 2] : []));
}

/** The diagnostics of `fixture` compiled with its `@ts-expect-error` directives turned into plain comments. */
export function diagnosticsWithoutDirectives(fixture: string): string[] {
  return typeDiagnostics(fixture, (source) => source.split(DIRECTIVE).join('//'));
}
