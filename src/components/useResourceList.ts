import { useEffect, useState } from 'react';

import type { DataSource } from '../datasource';
import { CountryInfo, StreamInfo } from '../types';

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

/** Loads one of the data source's editor resources once, with loading and error state for the picker. */
export function useResourceList<K extends keyof Resources>(
  datasource: DataSource,
  resource: K
): ResourceList<Resources[K]> {
  const [state, setState] = useState<ResourceList<Resources[K]>>({ items: [], loading: true });
  useEffect(() => {
    let active = true;
    loaders[resource](datasource).then(
      (items) => active && setState({ items, loading: false }),
      (err: unknown) =>
        active && setState({ items: [], loading: false, error: err instanceof Error ? err.message : String(err) })
    );
    return () => {
      active = false;
    };
  }, [datasource, resource]);
  return state;
}
