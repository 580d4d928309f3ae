import { formattedValueToString, getValueFormat } from '@grafana/data';

import { QUERY_TYPES } from './copy';
import {
  CountryInfo,
  DEFAULT_QUERY_TYPE,
  DEFAULT_VARIABLE_KIND,
  FilterKey,
  NanoVariableQuery,
  QueryType,
  VariableKind,
} from './types';

/** Returns the explanation of a query type, or an empty string for an unknown one. */
export function describeQueryType(type: QueryType | undefined): string {
  return QUERY_TYPES.find((t) => t.value === (type ?? DEFAULT_QUERY_TYPE))?.description ?? '';
}

/** Reads the variable kind from a stored variable query (an object, or a bare string in hand-written dashboards). */
export function variableKind(query: Partial<NanoVariableQuery> | string | undefined | null): VariableKind {
  const kind = typeof query === 'string' ? query.trim() : query?.kind;
  return kind === 'countries' || kind === 'months' ? kind : DEFAULT_VARIABLE_KIND;
}

/** "Germany (DE)", or the code alone when the name is missing. */
export function countryLabel(country: CountryInfo): string {
  return country.name ? `${country.name} (${country.code})` : country.code;
}

/** Bytes as a short decimal figure ("12.3 GB"). */
export function formatBytes(bytes: number): string {
  return formattedValueToString(getValueFormat('decbytes')(bytes, 1));
}

/**
 * The values of a filter list as the query stores them: trimmed, without empty ones, and country codes in
 * upper case unless they are variables.
 */
export function filterValues(filter: FilterKey, values: string[]): string[] {
  const cleaned = values.map((value) => value.trim()).filter(Boolean);
  return filter === 'countries' ? cleaned.map((value) => (/[$[]/.test(value) ? value : value.toUpperCase())) : cleaned;
}
