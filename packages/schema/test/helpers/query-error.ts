import * as dj from 'datajoint';

/**
 * The error of building a query and counting its rows: operators check their operands
 * when they are called if the headings are loaded (as DataJoint does), else when the
 * query first runs; either is accepted.
 */
export async function queryErrorOf(build: () => dj.QueryExpression): Promise<Error> {
  try {
    await build().count();
  } catch (err) {
    expect(err).toBeInstanceOf(dj.DataJointError);
    return err as Error;
  }
  throw new Error('the query was built and run without error');
}
