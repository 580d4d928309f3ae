import { countryLabel, describeQueryType, filterValues, formatBytes, variableKind } from './helpers';

describe('helpers', () => {
  it('describes a query type, the default one when unset, and nothing for an unknown one', () => {
    expect(describeQueryType('byteUsage')).toMatch(/^Bytes sent to players/);
    expect(describeQueryType(undefined)).toMatch(/concurrent H5Live viewers/);
    expect(describeQueryType('other' as never)).toBe('');
  });

  it('reads the variable kind from either stored form', () => {
    expect(variableKind({ kind: 'months' })).toBe('months');
    expect(variableKind(' countries ')).toBe('countries');
    expect(variableKind(undefined)).toBe('streams');
  });

  it('labels countries and bytes', () => {
    expect(countryLabel({ code: 'DE', name: 'Germany' })).toBe('Germany (DE)');
    expect(countryLabel({ code: 'XK', name: '' })).toBe('XK');
    expect(formatBytes(12_300_000_000)).toBe('12.3 GB');
  });

  it('cleans filter values', () => {
    expect(filterValues('countries', [' de', '', '$region', '[[c]]'])).toEqual(['DE', '$region', '[[c]]']);
    expect(filterValues('tags', [' Live ', ' '])).toEqual(['Live']);
  });
});
