/** Topic and Item of datajoint-python's `tests/schema_uuid.py`, with its name-based uuids. */
import { createHash } from 'node:crypto';
import * as dj from 'datajoint';

/** The namespace of the topics' uuids. */
export const TOP_LEVEL_NAMESPACE_ID = '00000000-0000-0000-0000-000000000000';

/** The words of every topic: Item's rows. */
export const WORDS = ['Habenula', 'Hippocampus', 'Hypothalamus', 'Hypophysis'];

/** RFC 4122 version-5 (SHA-1, name-based) uuid, as Python's `uuid.uuid5`. */
export function uuid5(namespace: string, name: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.concat([Buffer.from(namespace.replace(/-/g, ''), 'hex'), Buffer.from(name, 'utf8')]))
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * `Topic` (with `add`) and `Item` (with `make`). Item is Computed with a uuid key of its own,
 * not from a foreign key: a suite declaring it allows new primary-key attributes in
 * computed tables.
 */
export function declareTopicAndItem(schema: dj.Schema) {
  @schema.table
  class Topic extends dj.Manual {
    static definition = `
    # A topic for items
    topic_id : uuid   # internal identification of a topic, reflects topic name
    ---
    topic : varchar(8000)   # full topic name used to generate the topic id
    `;

    /** Adds a new topic with its uuid. */
    static add(topic: string): Promise<void> {
      return this.insert1({ topic_id: uuid5(TOP_LEVEL_NAMESPACE_ID, topic), topic });
    }
  }

  @schema.table
  class Item extends dj.Computed {
    static definition = `
    item_id : uuid  # internal identification of
    ---
    -> Topic
    word : varchar(8000)
    `;

    /** What datajoint-python's `make` does for one topic. */
    static async make(key: { topic_id: string }): Promise<void> {
      for (const word of WORDS) await this.insert1({ ...key, word, item_id: uuid5(key.topic_id, word) });
    }
  }
  return { Topic, Item };
}
