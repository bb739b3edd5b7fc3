import { dialectFor } from '@dj/core/internal';
import { createTestInstance, describeBackends } from '@dj/testing';
import { ddlFor } from '../src/ddl/ddl-dialect';

describeBackends('DDL dialect from the dialect registry', (backend) => {
  it('is registered for the connection backend at import, by SQL family', async () => {
    const inst = await createTestInstance(backend);
    try {
      const ddl = ddlFor(inst.connection);
      expect(ddl.rules.backend).toBe(dialectFor(backend.name).adapter.family === 'mysql' ? 'MySQL' : 'PostgreSQL');
      expect(ddl.lineageTable('s', inst.connection.adapter)).toContain(inst.connection.adapter.fullTableName('s', '~lineage'));
    } finally {
      await inst.close();
    }
  });
});
