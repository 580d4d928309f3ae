import { useMemo } from 'react';
import { SelectableValue } from '@grafana/data';

import { VARIABLE_OPTION, streamTraffic } from '../../copy';
import type { DataSource } from '../../datasource';
import { countryLabel, formatBytes } from '../../helpers';
import { FilterOptions } from './types';
import { useResourceList } from './useResourceList';

/**
 * The options of the filter pickers: the dashboard's variables, then the data source's streams (with their
 * traffic) and countries (labelled with their names). Loaded once per query editor, so switching the query
 * type does not load them again.
 */
export function useFilterOptions(datasource: DataSource): FilterOptions {
  const streams = useResourceList(datasource, 'streams');
  const countries = useResourceList(datasource, 'countries');
  const variables = useMemo(() => datasource.getVariableNames().map(variableOption), [datasource]);

  return useMemo(
    () => ({
      streamNames: {
        options: [
          ...variables,
          ...streams.items.map((s) => ({
            value: s.name,
            label: s.name,
            description: streamTraffic(formatBytes(s.bytes)),
          })),
        ],
        loading: streams.loading,
        error: streams.error,
      },
      // The API has no list of tags: the picker offers the variables and takes typed tags.
      tags: { options: variables, loading: false },
      countries: {
        options: [...variables, ...countries.items.map((c) => ({ value: c.code, label: countryLabel(c) }))],
        loading: countries.loading,
        error: countries.error,
      },
    }),
    [variables, streams, countries]
  );
}

function variableOption(name: string): SelectableValue<string> {
  return { value: name, label: name, description: VARIABLE_OPTION };
}
