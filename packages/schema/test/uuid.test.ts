/**
 * UUID attributes, from datajoint-python's `test_uuid.py` and `tests/schema_uuid.py`:
 * declaration (binary(16) on MySQL, uuid on PostgreSQL), insert and fetch round trip as
 * canonical lower-case text, restriction, refusal of malformed values, and uuids in
 * foreign keys.
 */
import { randomUUID } from 'node:crypto';
import * as dj from 'datajoint';
import { runAsMake } from '@dj/schema/internal';
import { describeBackends, useTestInstance } from '@dj/testing';
import { declareTopicAndItem, TOP_LEVEL_NAMESPACE_ID, uuid5, WORDS } from './pipelines/uuid-schema';

const TOPICS = ['Neuroscience', 'Knowledge', 'Curiosity', 'Inspiration', 'Science', 'Philosophy', 'Conscience'];

function define(schema: dj.Schema) {
  @schema.table
  class Basic extends dj.Manual {
    static definition = `
    item : uuid
    ---
    number : int32
    `;
  }

  @schema.table
  class BasicComputed extends dj.Computed {
    static definition = `
    # Computed table whose primary key is FK-derived from a uuid attribute
    -> Basic
    ---
    value : int32
    `;
  }

  const { Topic, Item } = declareTopicAndItem(schema);
  return { Basic, BasicComputed, Topic, Item };
}

describeBackends('uuid attributes on $name', (backend) => {
  // Item's uuid key is not inherited from a foreign key, as schema_uuid.py allows.
  const db = useTestInstance(backend, { label: 'uuid', overrides: { jobs__allow_new_pk_fields_in_computed_tables: true } });
  let t: ReturnType<typeof define>;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
  });

  beforeEach(async () => {
    await t.BasicComputed.deleteQuick();
    await t.Basic.deleteQuick();
    await t.Item.deleteQuick();
    await t.Topic.deleteQuick();
  });

  it('declares uuid attributes as 16 bytes on MySQL and as uuid on PostgreSQL', () => {
    const attribute = t.Basic.heading.get('item');
    expect(attribute.type).toBe('uuid');
    expect(attribute.kind).toBe('uuid');
    expect(attribute.inKey).toBe(true);
    expect(attribute.columnType).toBe(backend.name === 'mysql' ? 'binary(16)' : 'uuid');
    expect(t.BasicComputed.heading.get('item').type).toBe('uuid');
    expect(t.BasicComputed.primaryKey).toEqual(['item']);
    expect(t.Item.heading.get('topic_id').type).toBe('uuid');
  });

  it('inserts, fetches and restricts by uuid (test_uuid)', async () => {
    const u = randomUUID();
    const n = -1;
    await t.Basic.insert1({ item: u, number: n });
    await t.Basic.insert(Array.from({ length: 20 }, (_, i) => [randomUUID(), i]));
    expect(await t.Basic.count()).toBe(21);
    expect(await t.Basic.restrict({ item: u }).fetch1('number')).toBe(n);
    expect(await t.Basic.restrict({ number: n }).fetch1('item')).toBe(u);
  });

  it('accepts uuid text and fetches canonical text (test_string_uuid)', async () => {
    const u = '00000000-0000-0000-0000-000000000000';
    await t.Basic.insert1({ item: u, number: 24601 });
    const restricted = t.Basic.restrict({ item: u });
    expect(await restricted.keys()).toEqual([{ item: u }]);
    expect(await restricted.fetch1('number')).toBe(24601);
  });

  it('reads every spelling of a uuid as the same value', async () => {
    const canonical = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    const spellings = [
      '6BA7B810-9DAD-11D1-80B4-00C04FD430C8',
      '{6ba7b810-9dad-11d1-80b4-00c04fd430c8}',
      '6ba7b8109dad11d180b400c04fd430c8',
      'urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex'),
    ];
    await t.Basic.insert1({ item: spellings[0], number: 1 });
    expect(await t.Basic.fetch1('item')).toBe(canonical);
    for (const spelling of spellings) {
      expect(await t.Basic.restrict({ item: spelling }).count()).toBe(1);
      await expect(t.Basic.insert1({ item: spelling, number: 2 })).rejects.toThrow(dj.DuplicateError);
    }
    expect(await t.Basic.count()).toBe(1);
  });

  it('refuses a number for a uuid (test_invalid_uuid_insert1)', async () => {
    await expect(t.Basic.insert1({ item: 0, number: 24601 })).rejects.toThrow(dj.DataJointError);
    expect(await t.Basic.count()).toBe(0);
  });

  it('refuses malformed uuid text (test_invalid_uuid_insert2)', async () => {
    const error = await t.Basic.insert1({ item: 'abc', number: 24601 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(dj.DataJointError);
    expect((error as Error).message).toMatch(/badly formed UUID/);
    expect((error as Error).message).toContain('`item`');
    expect(await t.Basic.count()).toBe(0);
  });

  // the restriction fails where it is made once the heading is loaded, as in datajoint-python
  it('refuses a number in a uuid restriction (test_invalid_uuid_restrict1)', () => {
    expect(() => t.Basic.restrict({ item: 0 })).toThrow(dj.DataJointError);
  });

  it('refuses malformed text in a uuid restriction (test_invalid_uuid_restrict2)', () => {
    expect(() => t.Basic.restrict({ item: 'abc' })).toThrow(dj.DataJointError);
  });

  it('uses uuids in foreign keys (test_uuid_dependencies)', async () => {
    for (const word of TOPICS) await t.Topic.add(word);
    expect(await t.Topic.restrict({ topic: 'Science' }).fetch1('topic_id')).toBe(uuid5(TOP_LEVEL_NAMESPACE_ID, 'Science'));
    // What Item.populate() does, one make() per topic.
    const item = t.Item.instance();
    for (const key of (await t.Topic.keys()) as Array<{ topic_id: string }>) {
      await runAsMake(item, () => t.Item.make(key));
    }
    expect(await t.Item.count()).toBe(TOPICS.length * WORDS.length);
    const topicIds = new Set((await t.Topic.toDicts()).map((r) => r.topic_id));
    const itemTopics = new Set((await t.Item.toDicts()).map((r) => r.topic_id));
    expect(itemTopics).toEqual(topicIds);
    const science = uuid5(TOP_LEVEL_NAMESPACE_ID, 'Science');
    expect(await t.Item.restrict({ item_id: uuid5(science, 'Habenula') }).fetch1('topic_id')).toBe(science);
    await expect(
      t.Item.insert1({ item_id: randomUUID(), topic_id: randomUUID(), word: 'orphan' }, { allowDirectInsert: true }),
    ).rejects.toThrow(dj.IntegrityError);
  });

  it('inherits a uuid primary key through a foreign key', async () => {
    const u = randomUUID();
    await t.Basic.insert1({ item: u, number: 5 });
    await t.BasicComputed.insert1({ item: u.toUpperCase(), value: 1 }, { allowDirectInsert: true });
    expect(await t.BasicComputed.fetch1()).toEqual({ item: u, value: 1 });
    expect(await t.Basic.restrict({ item: await t.BasicComputed.fetch1('item') }).fetch1('number')).toBe(5);
  });
});
