import { useEffect, useState } from 'react';

import type { DataSource } from '../../datasource';
import { CountryInfo, StreamInfo } from '../../types';

interface Resources {
  streams: StreamInfo;
  countries: CountryInfo;
}

const loaders: { [K in keyof Resources]: (datasource: DataSource) => Promise<Array<Resources[K]>> } = {
  streams: (datasource) => datasource.getStreams(),
  countries: (datasource) => datasource.getCountries(),
};

export interface ResourceList<T> {
  items: T[];
  loading: boolean;
  error?: string;
}

const LOADING = { items: [], loading: true };

/**
 * Loads one of the data source's editor resources, with loading and error state for the picker. A list
 * belongs to the data source it came from: after a switch the picker shows loading, never the old list.
 */
export function useResourceList<K extends keyof Resources>(
  datasource: DataSource,
  resource: K
): ResourceList<Resources[K]> {
  const [state, setState] = useState<{ from?: DataSource; list: ResourceList<Resources[K]> }>({ list: LOADING });
  useEffect(() => {
    let active = true;
    loaders[resource](datasource).then(
      (items) => active && setState({ from: datasource, list: { items, loading: false } }),
      (err: unknown) =>
        active &&
        setState({
          from: datasource,
          list: { items: [], loading: false, error: err instanceof Error ? err.message : String(err) },
        })
    );
    return () => {
      active = false;
    };
  }, [datasource, resource]);
  return state.from === datasource ? state.list : LOADING;
}
