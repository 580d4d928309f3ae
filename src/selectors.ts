// Test ids and the accessible names of elements without a visible label of their own: what the jest and
// browser tests find the editors' elements by. Visible copy lives in copy.ts. Keep this file free of imports:
// the browser test loads it on its own.
export const selectors = {
  queryEditor: {
    queryType: { ariaLabel: 'Query type' },
    queryTypeDescription: { testId: 'query-type-description' },
    interval: { ariaLabel: 'Interval' },
    view: { ariaLabel: 'View' },
    splitBy: { ariaLabel: 'Split by' },
    series: { ariaLabel: 'Alert on' },
    term: { ariaLabel: 'Group by' },
    direction: { ariaLabel: 'Direction' },
  },
  configEditor: {
    authType: { ariaLabel: 'Sign in with' },
  },
  variableEditor: {
    kind: { ariaLabel: 'Values' },
    term: { ariaLabel: 'Group by' },
    direction: { ariaLabel: 'Direction' },
  },
} as const;
