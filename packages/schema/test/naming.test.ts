/**
 * Class names, table names and tiers (spec-core §4.1, datajoint-python's test_utils.py and
 * the table names of test_schema.py's `test_list_tables`).
 */
import { DataJointError } from '@dj/core';
import { fromCamelCase, tierOfTableName, toCamelCase } from '@dj/core/internal';
import { TIER_PREFIXES, isCamelCase, splitPartTableName } from '@dj/core/internal';
import { referenceName } from '../src/declare/describe';

describe('isCamelCase', () => {
  it.each(['AllGroups', 'A', 'Table2D', 'SelectPK', 'TTestUpdate'])('accepts %s', (name) => {
    expect(isCamelCase(name)).toBe(true);
  });

  it.each(['All_Groups', 'All_Groups_', '_AllGroups', 'allGroups', 'repNames', '10_all', 'hello world', '#baisc_names', 'alphaBeta', 'TestΣ', ''])(
    'rejects %j',
    (name) => {
      expect(isCamelCase(name)).toBe(false);
    },
  );
});

describe('fromCamelCase', () => {
  it.each([
    ['AllGroups', 'all_groups'],
    ['Session', 'session'],
    ['ProcessedEMG', 'processed_e_m_g'],
    ['SelectPK', 'select_p_k'],
    ['KeyPK', 'key_p_k'],
    ['Table2D', 'table2_d'],
    ['TTestUpdate', 't_test_update'],
    ['IJ', 'i_j'],
    ['OutfitLaunch', 'outfit_launch'],
    ['E', 'e'],
    ['Ab12Cd', 'ab12_cd'],
  ])('%s → %s', (className, tableName) => {
    expect(fromCamelCase(className)).toBe(tableName);
  });

  it('drops underscores with a warning (issue #1150)', () => {
    const warnings: string[] = [];
    expect(fromCamelCase('Table_With_Underscores', (m) => warnings.push(m))).toBe('table_with_underscores');
    expect(fromCamelCase('Session_', (m) => warnings.push(m))).toBe('session');
    expect(warnings).toEqual([
      'Table class name `Table_With_Underscores` contains underscores. CamelCase names without underscores are recommended.',
      'Table class name `Session_` contains underscores. CamelCase names without underscores are recommended.',
    ]);
    // No warning for clean names.
    fromCamelCase('Clean', (m) => warnings.push(m));
    expect(warnings).toHaveLength(2);
  });

  it.each(['repNames', 'hello world', 'lower', '2Table', 'Bad-Name', 'TestΣ', ''])('rejects %j', (name) => {
    expect(() => fromCamelCase(name)).toThrow(DataJointError);
    expect(() => fromCamelCase(name)).toThrow(
      `Table class name \`${name}\` is invalid. Class names must be in CamelCase, starting with a capital letter.`,
    );
  });

  it('warns about underscores before rejecting names that are invalid anyway', () => {
    for (const name of ['10_all', '#baisc_names']) {
      const warnings: string[] = [];
      expect(() => fromCamelCase(name, (m) => warnings.push(m))).toThrow(DataJointError);
      expect(warnings).toEqual([`Table class name \`${name}\` contains underscores. CamelCase names without underscores are recommended.`]);
    }
  });
});

describe('toCamelCase', () => {
  it.each([
    ['all_groups', 'AllGroups'],
    ['hello', 'Hello'],
    ['this_is_a_sample_case', 'ThisIsASampleCase'],
    ['This_is_Mixed', 'ThisIsMixed'],
    ['#lookup_table', 'LookupTable'],
    ['__comp', 'Comp'],
    ['_imported_thing', 'ImportedThing'],
    ['table2_d', 'Table2D'],
    ['processed_e_m_g', 'ProcessedEMG'],
    ['#select_p_k', 'SelectPK'],
    ['#t_test_update', 'TTestUpdate'],
  ])('%s → %s', (tableName, className) => {
    expect(toCamelCase(tableName)).toBe(className);
  });

  it('inverts fromCamelCase after the tier prefix', () => {
    for (const name of ['Session', 'ProcessedEMG', 'Table2D', 'SelectPK', 'OutfitLaunch', 'IJ']) {
      for (const prefix of Object.values(TIER_PREFIXES)) {
        expect(toCamelCase(prefix + fromCamelCase(name))).toBe(name);
      }
    }
  });
});

describe('table tiers from table names', () => {
  it('has the datajoint-python prefixes', () => {
    expect(TIER_PREFIXES).toEqual({ manual: '', lookup: '#', imported: '_', computed: '__' });
  });

  it.each([
    ['session', 'manual'],
    ['reserved_word', 'manual'],
    ['f', 'manual'],
    ['table2_d', 'manual'],
    ['#tag', 'lookup'],
    ['#select_p_k', 'lookup'],
    ['#t_test_update', 'lookup'],
    ['_recording', 'imported'],
    ['_experiment', 'imported'],
    ['__spikes', 'computed'],
    ['__e', 'computed'],
    ['session__trial', 'part'],
    ['profile__website', 'part'],
    ['__b__c', 'part'],
    ['__e__m', 'part'],
    ['#outfit_launch__outfit_piece', 'part'],
    ['_ephys__channel', 'part'],
  ] as const)('%s is %s', (tableName, tier) => {
    expect(tierOfTableName(tableName)).toBe(tier);
  });

  it.each(['~lineage', '~~spikes', 'Session', '2abc', 'a__', '___x', '#', 'a b', 'a__b__c'])('%j has no tier', (tableName) => {
    expect(tierOfTableName(tableName)).toBeNull();
  });

  it('splits part table names into master and part', () => {
    expect(splitPartTableName('session__trial')).toEqual({ master: 'session', part: 'trial' });
    expect(splitPartTableName('__e__m')).toEqual({ master: '__e', part: 'm' });
    expect(splitPartTableName('#outfit_launch__outfit_piece')).toEqual({ master: '#outfit_launch', part: 'outfit_piece' });
    expect(splitPartTableName('_ephys__channel')).toEqual({ master: '_ephys', part: 'channel' });
    expect(splitPartTableName('session')).toBeNull();
    expect(splitPartTableName('__spikes')).toBeNull();
  });

  it('names referenced tables as definitions refer to them', () => {
    expect(referenceName('#user')).toBe('User');
    expect(referenceName('_experiment')).toBe('Experiment');
    expect(referenceName('__e__m')).toBe('E.M');
    expect(referenceName('#outfit_launch__outfit_piece')).toBe('OutfitLaunch.OutfitPiece');
  });
});
