import * as copy from './copy';

// Every explanation the editors show: choice descriptions, field tooltips, messages.
function sentences(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (path: string, value: unknown) => {
    if (typeof value === 'string') {
      if (/(description|tooltip|noOptionsMessage)$/.test(path) || /^(UNKNOWN_QUERY_TYPE)$/.test(path)) {
        found.push([path, value]);
      }
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        walk(path ? `${path}.${key}` : key, child);
      }
    }
  };
  walk('', copy);
  return found;
}

describe('copy', () => {
  it('finds the explanations of every choice and field', () => {
    const paths = sentences().map(([path]) => path);
    expect(paths).toContain('QUERY_TYPES.8.description');
    expect(paths).toContain('VIEWS.ingestAlerts.2.description');
    expect(paths).toContain('LIMIT_FIELDS.usageBreakdown.tooltip');
    expect(paths).toContain('VARIABLE_FIELDS.limit.tooltip');
  });

  it.each(sentences())('%s is whole sentences: a capital first, a full stop last', (_path, text) => {
    expect(text).toMatch(/^["A-Z0-9]/);
    expect(text).toMatch(/\.$/);
    expect(text).not.toMatch(/ {2}/);
  });

  it('says what a limit must be', () => {
    expect(copy.limitMessage(1000)).toBe('Enter a whole number from 1 to 1000.');
  });

  it('names every group of the query type picker and fills each', () => {
    for (const group of Object.keys(copy.QUERY_TYPE_GROUPS)) {
      expect(copy.QUERY_TYPES.some((t) => t.group === group)).toBe(true);
    }
  });
});
