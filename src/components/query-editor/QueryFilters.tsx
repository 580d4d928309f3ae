import React from 'react';

import { FILTER_KEYS, FilterKey } from '../../types';
import { FilterPicker } from './FilterPicker';
import { QueryTypeEditorProps } from './types';

interface Props extends QueryTypeEditorProps {
  /** The filters the query type takes, in this order; all three unless told. */
  filters?: FilterKey[];
}

/** The filter pickers of a query type. */
export function QueryFilters({ query, onChange, filterOptions, filters = FILTER_KEYS }: Props) {
  return (
    <>
      {filters.map((filter) => (
        <FilterPicker
          key={filter}
          filter={filter}
          values={query[filter]}
          list={filterOptions[filter]}
          onChange={(values) => onChange({ [filter]: values })}
        />
      ))}
    </>
  );
}
