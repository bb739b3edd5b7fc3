/**
 * DataJoint's core types: portable, scientist-friendly names that every backend maps to
 * its own SQL type (spec-core §4.5). Declarations record the name as written in the
 * column comment (`:int32:`), which is how either implementation reads the type back.
 */

/** Core types that take no parameters. */
export type SimpleCoreTypeName =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float32'
  | 'float64'
  | 'bool'
  | 'uuid'
  | 'json'
  | 'bytes'
  | 'date';

/** A parsed core type. */
export type CoreType =
  | { readonly name: SimpleCoreTypeName }
  | { readonly name: 'datetime'; readonly precision?: number }
  | { readonly name: 'char' | 'varchar'; readonly length: number }
  | { readonly name: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly name: 'enum'; readonly values: readonly string[] };

/** Names of all core types. */
export type CoreTypeName = CoreType['name'];
