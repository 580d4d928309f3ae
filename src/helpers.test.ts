import {
  countryLabel,
  describeQueryType,
  filterValues,
  formatBytes,
  isKnownQueryType,
  keyLabel,
  limitBoundsOf,
  parseLimit,
  topKeysOptions,
  variableKind,
  viewsOf,
  withQueryType,
} from './helpers';

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
    expect(variableKind({ kind: 'topKeys' })).toBe('topKeys');
    expect(variableKind('topKeys')).toBe('topKeys');
    expect(variableKind({ kind: 'other' as never })).toBe('streams');
  });

  it('fills the defaults of a top keys variable and ignores values it does not know', () => {
    expect(topKeysOptions({ kind: 'topKeys' })).toEqual({ term: 'stream', direction: 'playout', limit: 20 });
    expect(topKeysOptions('topKeys')).toEqual({ term: 'stream', direction: 'playout', limit: 20 });
    expect(topKeysOptions({ kind: 'topKeys', term: 'referrer', direction: 'total', limit: 50 })).toEqual({
      term: 'referrer',
      direction: 'total',
      limit: 50,
    });
    expect(topKeysOptions({ kind: 'topKeys', term: 'planet' as never, direction: 'up' as never })).toMatchObject({
      term: 'stream',
      direction: 'playout',
    });
  });

  it('knows the views and limits of each query type', () => {
    expect(viewsOf('monthToDate')).toEqual(['summary', 'trend', 'table']);
    expect(viewsOf('ingestAlerts')).toEqual(['table', 'count', 'annotations']);
    expect(viewsOf('playbackStartSuccess')).toEqual(['timeseries', 'worst']);
    expect(viewsOf('byteUsage')).toEqual([]);
    expect(limitBoundsOf('usageBreakdown')).toEqual({ default: 10, max: 1000 });
    expect(limitBoundsOf('playbackStartSuccess')).toEqual({ default: 10, max: 100 });
    expect(limitBoundsOf('maxViewers')).toBeUndefined();
    expect(isKnownQueryType('startupTime')).toBe(true);
    expect(isKnownQueryType('fromTheFuture')).toBe(false);
    expect(isKnownQueryType(undefined)).toBe(false);
  });

  it('reads a typed limit: empty is the default, anything but a whole number within bounds is refused', () => {
    const bounds = { default: 10, max: 100 };
    expect(parseLimit('', bounds)).toEqual({});
    expect(parseLimit(' 42 ', bounds)).toEqual({ limit: 42 });
    expect(parseLimit('1', bounds)).toEqual({ limit: 1 });
    expect(parseLimit('100', bounds)).toEqual({ limit: 100 });
    for (const bad of ['0', '101', '-3', '2.5', 'ten']) {
      expect(parseLimit(bad, bounds)).toEqual({ error: 'Enter a whole number from 1 to 100.' });
    }
  });

  it('switches the query type, dropping a view or limit the new type rejects', () => {
    const query = { refId: 'A', queryType: 'monthToDate' as const, view: 'table' as const, delta: true };
    expect(withQueryType(query, 'ingestAlerts')).toEqual({ ...query, queryType: 'ingestAlerts' });
    expect(withQueryType(query, 'playbackStartSuccess')).toEqual({
      refId: 'A',
      queryType: 'playbackStartSuccess',
      delta: true,
    });
    const breakdown = { refId: 'A', queryType: 'usageBreakdown' as const, limit: 500, term: 'city' as const };
    expect(withQueryType(breakdown, 'playbackStartSuccess')).toEqual({
      refId: 'A',
      queryType: 'playbackStartSuccess',
      term: 'city',
    });
    expect(withQueryType({ ...breakdown, limit: 50 }, 'playbackStartSuccess').limit).toBe(50);
    expect(withQueryType(breakdown, 'byteUsage').limit).toBeUndefined();
    expect(query.view).toBe('table');
  });

  it('labels countries and bytes', () => {
    expect(countryLabel({ code: 'DE', name: 'Germany' })).toBe('Germany (DE)');
    expect(countryLabel({ code: 'XK', name: '' })).toBe('XK');
    expect(formatBytes(12_300_000_000)).toBe('12.3 GB');
    expect(keyLabel({ key: 'DE', name: 'Germany' })).toBe('Germany (DE)');
    expect(keyLabel({ key: 'example.com' })).toBe('example.com');
  });

  it('cleans filter values', () => {
    expect(filterValues('countries', [' de', '', '$region', '[[c]]'])).toEqual(['DE', '$region', '[[c]]']);
    expect(filterValues('tags', [' Live ', ' '])).toEqual(['Live']);
  });
});
