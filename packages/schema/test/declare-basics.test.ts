import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

function defineLab(schema: dj.Schema) {
  @schema.table
  class Animal extends dj.Manual {
    static definition = `
    # animals of the lab
    animal_id : int32      # lab id
    ---
    name : varchar(40)
    `;
  }
  @schema.table
  class Weighing extends dj.Manual {
    static definition = `
    -> Animal
    weighed_on : date
    ---
    grams : float32
    `;
  }
  return { Animal, Weighing };
}

describeBackends('declaring a small pipeline on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'basics' });
  let lab: ReturnType<typeof defineLab>;

  beforeAll(async () => {
    lab = defineLab(db.schema());
    await db.schema().ready();
  });

  it('declares tables in order and reads their headings', async () => {
    expect(await db.schema().listTables()).toEqual(['animal', 'weighing']);
    expect(lab.Weighing.heading.primaryKey).toEqual(['animal_id', 'weighed_on']);
    expect(lab.Weighing.heading.get('animal_id').type).toBe('int32');
    expect(lab.Animal.heading.tableComment).toBe('animals of the lab');
  });

  it('inserts and reads rows', async () => {
    await lab.Animal.insert([{ animal_id: 1, name: 'Rex' }, [2, 'Tom']]);
    await lab.Weighing.insert1({ animal_id: 1, weighed_on: '2025-01-02', grams: 21.5 });
    expect(await lab.Animal.count()).toBe(2);
    expect(await lab.Weighing.toDicts()).toEqual([{ animal_id: 1, weighed_on: new Date(Date.UTC(2025, 0, 2)), grams: 21.5 }]);
  });
});
