import React, { ComponentType, useState } from 'react';
import { render } from '@testing-library/react';

import { FilterOptions, QueryTypeEditorProps } from '../components/query-editor/types';
import { NanoQuery } from '../types';

/** Filter options as the query editor hands them over once its lists have loaded. */
export function filterOptions(overrides: Partial<FilterOptions> = {}): FilterOptions {
  return {
    streamNames: { options: [{ value: 'nS4kq-main', label: 'nS4kq-main' }], loading: false },
    tags: { options: [], loading: false },
    countries: { options: [{ value: 'DE', label: 'Germany (DE)' }], loading: false },
    ...overrides,
  };
}

/**
 * Renders the editor of a query type the way the query editor does: it holds the query, merges each
 * change into it, and records the changes.
 */
export function renderTypeEditor(
  Editor: ComponentType<QueryTypeEditorProps>,
  initial: Partial<NanoQuery> = {},
  options: FilterOptions = filterOptions()
) {
  const onChange = jest.fn();
  let current: NanoQuery = { refId: 'A', ...initial };
  function Harness() {
    const [query, setQuery] = useState<NanoQuery>(current);
    return (
      <Editor
        query={query}
        filterOptions={options}
        onChange={(changes) => {
          onChange(changes);
          current = { ...current, ...changes };
          setQuery(current);
        }}
      />
    );
  }
  render(<Harness />);
  return { onChange, query: () => current };
}
