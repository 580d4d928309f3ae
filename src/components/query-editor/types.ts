import { SelectableValue } from '@grafana/data';

import { FilterKey, NanoQuery } from '../../types';

/** The options of one filter picker, with the state of the list they come from. */
export interface FilterOptionList {
  options: Array<SelectableValue<string>>;
  loading: boolean;
  error?: string;
}

export type FilterOptions = Record<FilterKey, FilterOptionList>;

/** What the query editor hands to the editor of a query type. */
export interface QueryTypeEditorProps {
  query: NanoQuery;
  /** Merges the changes into the query and runs it. */
  onChange: (changes: Partial<NanoQuery>) => void;
  /** The filter pickers' options, loaded once for the whole query editor. */
  filterOptions: FilterOptions;
}
