import type { Connection } from '@dj/core';
import { describeBackends, useTestInstance } from '@dj/testing';

/** The same small catalog declared in each dialect. */
function ddl(conn: Connection, schema: string): string[] {
  const t = (name: string) => conn.adapter.fullTableName(schema, name);
  if (conn.adapter.family === 'mysql') {
    return [
      `CREATE TABLE ${t('#species')} (species varchar(32) NOT NULL COMMENT ':varchar(32):common name', PRIMARY KEY (species)) ENGINE=InnoDB COMMENT='kinds of animals'`,
      `CREATE TABLE ${t('subject')} (
         subject_id int NOT NULL COMMENT ':int32:lab id',
         species varchar(32) NOT NULL COMMENT 'common name',
         sex enum('F','M','U') NOT NULL DEFAULT 'U' COMMENT ':enum(''F'',''M'',''U''):',
         nickname varchar(64) NOT NULL DEFAULT 'mo''use' COMMENT ':varchar(64):',
         weight double DEFAULT NULL COMMENT ':float64:',
         added datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) COMMENT ':datetime(3):',
         PRIMARY KEY (subject_id),
         UNIQUE INDEX (nickname),
         INDEX (added, weight),
         FOREIGN KEY (species) REFERENCES ${t('#species')} (species) ON UPDATE CASCADE ON DELETE RESTRICT
       ) ENGINE=InnoDB`,
      `CREATE TABLE ${t('cage_mate')} (
         subject_id int NOT NULL, buddy_id int NOT NULL, PRIMARY KEY (subject_id, buddy_id),
         FOREIGN KEY (subject_id) REFERENCES ${t('subject')} (subject_id) ON UPDATE CASCADE ON DELETE RESTRICT,
         FOREIGN KEY (buddy_id) REFERENCES ${t('subject')} (subject_id) ON UPDATE CASCADE ON DELETE RESTRICT
       ) ENGINE=InnoDB`,
      `CREATE TABLE ${t('~lineage')} (table_name varchar(64) NOT NULL, PRIMARY KEY (table_name)) ENGINE=InnoDB`,
    ];
  }
  const q = (n: string) => conn.adapter.quoteIdentifier(n);
  const sexType = `${q(schema)}.${q('enum_e54fc739')}`;
  return [
    `CREATE TABLE ${t('#species')} (species varchar(32) NOT NULL, PRIMARY KEY (species))`,
    `COMMENT ON TABLE ${t('#species')} IS 'kinds of animals'`,
    `COMMENT ON COLUMN ${t('#species')}.species IS ':varchar(32):common name'`,
    `CREATE TYPE ${sexType} AS ENUM ('F', 'M', 'U')`,
    `CREATE TABLE ${t('subject')} (
       subject_id integer NOT NULL,
       species varchar(32) NOT NULL,
       sex ${sexType} NOT NULL DEFAULT 'U',
       nickname varchar(64) NOT NULL DEFAULT 'mo''use',
       weight double precision DEFAULT NULL,
       added timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
       PRIMARY KEY (subject_id),
       FOREIGN KEY (species) REFERENCES ${t('#species')} (species) ON UPDATE CASCADE ON DELETE RESTRICT
     )`,
    `COMMENT ON COLUMN ${t('subject')}.subject_id IS ':int32:lab id'`,
    `COMMENT ON COLUMN ${t('subject')}.sex IS ':enum(''F'',''M'',''U''):'`,
    `CREATE UNIQUE INDEX ${q('idx_subject_nickname')} ON ${t('subject')} (nickname)`,
    `CREATE INDEX ${q('idx_subject_added_weight')} ON ${t('subject')} (added, weight)`,
    `CREATE TABLE ${t('cage_mate')} (
       subject_id integer NOT NULL, buddy_id integer NOT NULL, PRIMARY KEY (subject_id, buddy_id),
       FOREIGN KEY (subject_id) REFERENCES ${t('subject')} (subject_id) ON UPDATE CASCADE ON DELETE RESTRICT,
       FOREIGN KEY (buddy_id) REFERENCES ${t('subject')} (subject_id) ON UPDATE CASCADE ON DELETE RESTRICT
     )`,
    `CREATE TABLE ${t('~lineage')} (table_name varchar(64) NOT NULL, PRIMARY KEY (table_name))`,
  ];
}

describeBackends('catalog queries on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'catalog' });
  let conn: Connection;

  beforeAll(async () => {
    conn = db.instance.connection;
    for (const statement of ddl(conn, db.schemaName)) await conn.query(statement);
  });

  it('lists schemas and tells whether one exists', async () => {
    expect(await conn.introspector.listSchemas(conn)).toContain(db.schemaName);
    expect(await conn.introspector.schemaExists(conn, db.schemaName)).toBe(true);
    expect(await conn.introspector.schemaExists(conn, `${db.schemaName}_none`)).toBe(false);
  });

  it('lists tables, hidden ones included, and reads table comments', async () => {
    expect(await conn.introspector.listTables(conn, db.schemaName)).toEqual(['#species', 'cage_mate', 'subject', '~lineage']);
    expect(await conn.introspector.tableInfo(conn, db.schemaName, '#species')).toEqual({ name: '#species', comment: 'kinds of animals' });
    expect(await conn.introspector.tableInfo(conn, db.schemaName, 'absent')).toBeNull();
  });

  it('reads columns with types, nullability, bare defaults and comments', async () => {
    const columns = await conn.introspector.columns(conn, db.schemaName, 'subject');
    expect(columns.map((c) => c.name)).toEqual(['subject_id', 'species', 'sex', 'nickname', 'weight', 'added']);
    const byName = Object.fromEntries(columns.map((c) => [c.name, c]));
    expect(byName.subject_id).toMatchObject({ nullable: false, defaultValue: null, comment: ':int32:lab id', autoIncrement: false });
    expect(byName.sex).toMatchObject({ defaultValue: 'U', enumValues: ['F', 'M', 'U'], comment: ":enum('F','M','U'):" });
    expect(byName.nickname).toMatchObject({ defaultValue: "mo'use", nullable: false });
    expect(byName.weight).toMatchObject({ nullable: true, defaultValue: null, enumValues: null });
    expect(byName.added!.defaultValue!.toUpperCase()).toMatch(/^CURRENT_TIMESTAMP(\(3\))?$/);
    const types = columns.map((c) => c.sqlType);
    if (conn.adapter.family === 'mysql') {
      expect(types).toEqual(['int(11)', 'varchar(32)', "enum('F','M','U')", 'varchar(64)', 'double', 'datetime(3)']);
    } else {
      expect(types).toEqual([
        'integer',
        'character varying(32)',
        `${db.schemaName}.enum_e54fc739`,
        'character varying(64)',
        'double precision',
        'timestamp(3) without time zone',
      ]);
    }
  });

  it('reads primary keys in key order', async () => {
    expect(await conn.introspector.primaryKey(conn, db.schemaName, 'cage_mate')).toEqual(['subject_id', 'buddy_id']);
    expect(await conn.introspector.primaryKey(conn, db.schemaName, 'subject')).toEqual(['subject_id']);
  });

  it('reads secondary indexes', async () => {
    const indexes = await conn.introspector.indexes(conn, db.schemaName, 'subject');
    const declared = indexes.filter((i) => i.columns.join() === 'nickname' || i.columns.join() === 'added,weight');
    expect(declared.map((i) => ({ unique: i.unique, columns: i.columns }))).toEqual(
      expect.arrayContaining([
        { unique: true, columns: ['nickname'] },
        { unique: false, columns: ['added', 'weight'] },
      ]),
    );
  });

  it('reads foreign keys with their column maps, one per constraint', async () => {
    const fks = await conn.introspector.foreignKeys(conn, [db.schemaName]);
    const summary = fks
      .map((fk) => `${fk.childTable}(${fk.columns.map((c) => `${c.child}->${c.parent}`).join(',')}) -> ${fk.parentTable}`)
      .sort();
    expect(summary).toEqual([
      'cage_mate(buddy_id->subject_id) -> subject',
      'cage_mate(subject_id->subject_id) -> subject',
      'subject(species->species) -> #species',
    ]);
    expect(fks.every((fk) => fk.childSchema === db.schemaName && fk.parentSchema === db.schemaName)).toBe(true);
  });
});
