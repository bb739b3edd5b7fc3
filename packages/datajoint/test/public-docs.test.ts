/**
 * Every public export of every package (what its `src/index.ts` exports, followed through
 * re-exports) has a TSDoc comment, and so does every public member of an exported class.
 * Parsed syntactically (no type-checking), so it takes a second or two.
 *
 * Members that need none: constructors (the class's comment covers them), `override`s (the
 * editor shows the base member's comment), an overload set or a getter/setter pair when one
 * of them has it, and members with computed names (`[inspect.custom]`: protocol hooks, not
 * called by name).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';

const PACKAGES_DIR = path.resolve(__dirname, '../..');
const PACKAGES = ['core', 'diagram', 'schema', 'datajoint', 'testing', 'cli', 'nestjs'];

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (sf === undefined) {
    sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    parsed.set(file, sf);
  }
  return sf;
}

/** The source file a module specifier names: a sibling package's entry, or a relative file. */
function resolveModule(from: string, specifier: string): string | null {
  const sibling = /^@dj\/([a-z]+)(\/internal)?$/.exec(specifier);
  if (sibling) return path.join(PACKAGES_DIR, sibling[1]!, 'src', sibling[2] ? 'internal.ts' : 'index.ts');
  if (specifier === 'datajoint') return path.join(PACKAGES_DIR, 'datajoint', 'src', 'index.ts');
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const found = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
  if (found === undefined) throw new Error(`cannot resolve ${specifier} from ${from}`);
  return found;
}

function modifiersOf(node: ts.Node): readonly ts.ModifierLike[] {
  return (ts.canHaveModifiers(node) && ts.getModifiers(node)) || [];
}
const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) => modifiersOf(node).some((m) => m.kind === kind);
const hasDoc = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc));

function declaredNames(statement: ts.Statement, sf: ts.SourceFile): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.map((d) => d.name.getText(sf));
  const name = (statement as { name?: ts.Node }).name;
  return name !== undefined && ts.isIdentifier(name) ? [name.text] : [];
}

/** The names a module exports (following `export *`). */
function exportedNames(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const sf = parse(file);
  const names: string[] = [];
  for (const statement of sf.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.exportClause === undefined) {
        const target = resolveModule(file, (statement.moduleSpecifier as ts.StringLiteral).text);
        if (target !== null) names.push(...exportedNames(target, seen));
      } else if (ts.isNamedExports(statement.exportClause)) {
        names.push(...statement.exportClause.elements.map((e) => e.name.text));
      }
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      names.push(...declaredNames(statement, sf));
    }
  }
  return names;
}

/** The declarations behind `name` as `file` exports it, through re-exports and imports. */
function declarationsOf(file: string, name: string, seen = new Set<string>()): ts.Statement[] {
  const key = `${file}#${name}`;
  if (seen.has(key)) return [];
  seen.add(key);
  const sf = parse(file);
  const found: ts.Statement[] = [];
  for (const statement of sf.statements) {
    if (ts.isExportDeclaration(statement)) {
      const target = statement.moduleSpecifier && resolveModule(file, (statement.moduleSpecifier as ts.StringLiteral).text);
      if (statement.exportClause === undefined) {
        if (target) found.push(...declarationsOf(target, name, seen));
      } else if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          if (element.name.text !== name) continue;
          const original = (element.propertyName ?? element.name).text;
          found.push(...(target ? declarationsOf(target, original, seen) : localDeclarations(sf, original, seen)));
        }
      }
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword) && declaredNames(statement, sf).includes(name)) {
      found.push(statement);
    }
  }
  return found;
}

function localDeclarations(sf: ts.SourceFile, name: string, seen: Set<string>): ts.Statement[] {
  const found: ts.Statement[] = [];
  for (const statement of sf.statements) {
    if (declaredNames(statement, sf).includes(name)) found.push(statement);
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
    if (bindings === undefined || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      if (element.name.text !== name) continue;
      const target = resolveModule(sf.fileName, ((statement as ts.ImportDeclaration).moduleSpecifier as ts.StringLiteral).text);
      if (target) found.push(...declarationsOf(target, (element.propertyName ?? element.name).text, seen));
    }
  }
  return found;
}

function where(node: ts.Node): string {
  const sf = node.getSourceFile();
  return `${path.relative(PACKAGES_DIR, sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
}

/** Overloads share a kind; a getter and its setter count as one member. */
const kindOf = (member: ts.ClassElement) => (ts.isGetAccessor(member) || ts.isSetAccessor(member) ? 'accessor' : member.kind);

function undocumentedMembers(cls: ts.ClassDeclaration, className: string): string[] {
  const sf = cls.getSourceFile();
  const missing: string[] = [];
  for (const member of cls.members) {
    if (member.name === undefined || ts.isConstructorDeclaration(member)) continue;
    if (ts.isPrivateIdentifier(member.name) || ts.isComputedPropertyName(member.name)) continue;
    if ([ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.OverrideKeyword].some((k) => hasModifier(member, k))) continue;
    if (hasDoc(member)) continue;
    const memberName = member.name.getText(sf);
    const overloads = cls.members.filter((m) => m.name?.getText(sf) === memberName && kindOf(m) === kindOf(member));
    if (overloads.length > 1 && overloads.some(hasDoc)) continue;
    missing.push(`${className}.${memberName} (${where(member)})`);
  }
  return missing;
}

function undocumented(pkg: string): string[] {
  const entry = path.join(PACKAGES_DIR, pkg, 'src', 'index.ts');
  const missing = new Set<string>();
  for (const name of exportedNames(entry)) {
    const declarations = declarationsOf(entry, name);
    if (declarations.length === 0) missing.add(`${name}: declaration not found`);
    else if (!declarations.some(hasDoc)) missing.add(`${name} (${where(declarations[0]!)})`);
    for (const declaration of declarations) {
      if (ts.isClassDeclaration(declaration)) for (const m of undocumentedMembers(declaration, name)) missing.add(m);
    }
  }
  return [...missing];
}

describe('public API documentation', () => {
  it.each(PACKAGES)('every public export of %s and its classes\' public members have a TSDoc comment', (pkg) => {
    expect(undocumented(pkg)).toEqual([]);
  });

  it('finds an undocumented export (the check can fail)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-docs-'));
    try {
      fs.writeFileSync(path.join(dir, 'thing.ts'), '/** Documented. */\nexport class Thing {\n  /** Documented. */\n  a(): void {}\n  b(): void {}\n}\nexport const bare = 1;\n');
      fs.writeFileSync(path.join(dir, 'index.ts'), "export { Thing, bare } from './thing';\n");
      const entry = path.join(dir, 'index.ts');
      const names = exportedNames(entry);
      expect(names).toEqual(['Thing', 'bare']);
      const bare = declarationsOf(entry, 'bare');
      expect(bare.map(hasDoc)).toEqual([false]);
      const [thing] = declarationsOf(entry, 'Thing');
      expect(undocumentedMembers(thing as ts.ClassDeclaration, 'Thing').map((m) => m.split(' ')[0])).toEqual(['Thing.b']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
