/**
 * What a backend refuses, or stores differently from what a definition says, checked at
 * declaration before the first DDL statement: lengths of names, types and parameters the
 * server does not have, enum values, defaults and comments it would alter, and limits of
 * the table as a whole (row size, key length, generated names). Each DDL dialect provides
 * its rules; the checks every backend shares run when the definition is parsed
 * (`definition/type-rules.ts`, `definition/default-rules.ts`).
 */
import { DataJointError } from '@dj/core';
import { type AttributeType } from '@dj/core/internal';
import { definitionError } from '../definition/definition-parser';
import { CURRENT_TIMESTAMP_DEFAULT, unquoteDefault } from '../definition/default-rules';
import type { TableDeclaration } from '../declare/table-declaration';
import type { TableLayout } from './table-layout';

/** A problem of the table as a whole, with the definition line it comes from (if one does). */
export interface TableProblem {
  readonly line: string | null;
  readonly problem: string;
}

/** The limits of one backend, as the declaration checks them. */
export interface BackendRules {
  /** The backend's name in messages (`MySQL`, `PostgreSQL`). */
  readonly backend: string;
  /** Longest column name the server keeps as written (names are ASCII, so characters = bytes). */
  readonly maxColumnNameLength: number;
  /** Why the server refuses a column name, or `null`. */
  columnNameProblem(name: string): string | null;
  /** Why the server refuses, or reads back differently, a declared type (core or native), or `null`. */
  typeProblem(type: AttributeType): string | null;
  /** Why the server refuses or alters `value` as the default of `type` (beyond the rules of every backend), or `null`. */
  defaultProblem(type: AttributeType, value: string): string | null;
  /** Why the server refuses or alters a stored comment of a column or of the table, or `null`. */
  commentProblem(comment: string, of: 'column' | 'table'): string | null;
  /** Problems of the table as a whole: row size, key lengths, names the server generates. */
  tableProblems(layout: TableLayout, declaration: TableDeclaration): TableProblem[];
}

/**
 * Checks a declaration against a backend's rules.
 * @throws DataJointError naming the table, the line and the attribute.
 */
export function checkForBackend(rules: BackendRules, declaration: TableDeclaration, layout: TableLayout, label: string): void {
  const lineOf = (name: string): string | null => {
    const column = declaration.columns.find((c) => c.name === name);
    if (column?.origin === 'attribute') return column.item.line;
    return declaration.foreignKeys.find((fk) => fk.columns.some((c) => c.child === name))?.item.line ?? null;
  };
  const fail = (line: string | null, problem: string) =>
    line === null ? new DataJointError(`${problem} (definition of ${label}).`) : definitionError(label, line, problem);

  for (const column of declaration.columns) {
    const line = lineOf(column.name);
    if (column.name.length > rules.maxColumnNameLength) {
      throw fail(
        line,
        `The attribute name \`${column.name}\` is ${column.name.length} characters long; ${rules.backend} allows at most ${rules.maxColumnNameLength}`,
      );
    }
    const nameProblem = rules.columnNameProblem(column.name);
    if (nameProblem) throw fail(line, nameProblem);
    if (column.origin !== 'attribute') continue;
    const { type, defaultText } = column.item;
    const typeProblem = rules.typeProblem(type);
    if (typeProblem) throw fail(line, `Attribute \`${column.name}\`: ${typeProblem}`);
    if (defaultText !== null && !/^null$/i.test(defaultText) && !CURRENT_TIMESTAMP_DEFAULT.test(defaultText)) {
      const problem = rules.defaultProblem(type, unquoteDefault(defaultText));
      if (problem) throw fail(line, `Default ${defaultText} does not fit type ${type.text} on ${rules.backend}: ${problem}`);
    }
  }
  for (const column of layout.columns) {
    const problem = column.comment === null ? null : rules.commentProblem(column.comment, 'column');
    if (problem) throw fail(lineOf(column.name), `Attribute \`${column.name}\`: ${problem}`);
  }
  const tableCommentProblem = rules.commentProblem(layout.comment, 'table');
  if (tableCommentProblem) throw fail(null, tableCommentProblem);
  const [first] = rules.tableProblems(layout, declaration);
  if (first) throw fail(first.line, first.problem);
}
