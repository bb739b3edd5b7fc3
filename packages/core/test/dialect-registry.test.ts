import { DataJointError } from '@dj/core';
import { DialectFacet, dialectFacet, dialectFor, registerDialectFacet } from '@dj/core/internal';

describe('dialect registry', () => {
  it('gives each backend its dialect and refuses unknown backends', () => {
    expect(dialectFor('mysql').backend).toBe('mysql');
    expect(dialectFor('postgresql').backend).toBe('postgresql');
    expect(dialectFor('pglite').backend).toBe('pglite');
    expect(() => dialectFor('oracle')).toThrow(/Unknown database backend: oracle\. Supported backends: mysql, postgresql, pglite/);
    // a name inherited from Object.prototype is no backend
    expect(() => dialectFor('toString')).toThrow(DataJointError);
  });

  it('says which backends connect to a server', () => {
    expect([dialectFor('mysql'), dialectFor('postgresql'), dialectFor('pglite')].map((d) => d.connectsToServer)).toEqual([true, true, false]);
  });

  it('keeps facets per backend and per facet, and names a missing one', () => {
    const sizes = new DialectFacet<number>('test size');
    const names = new DialectFacet<string>('test name');
    registerDialectFacet('mysql', sizes, 1);
    registerDialectFacet('pglite', sizes, 3);
    registerDialectFacet('mysql', names, 'm');
    expect(dialectFacet('mysql', sizes)).toBe(1);
    expect(dialectFacet('pglite', sizes)).toBe(3);
    expect(dialectFacet('mysql', names)).toBe('m');
    expect(() => dialectFacet('postgresql', sizes)).toThrow('No test size is registered for the postgresql backend.');
    registerDialectFacet('mysql', sizes, 2);
    expect(dialectFacet('mysql', sizes)).toBe(2);
  });
});
