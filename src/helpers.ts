import { formattedValueToString, getValueFormat } from '@grafana/data';

import { DIRECTIONS, QUERY_TYPES, TERMS, VIEWS, limitMessage } from './copy';
import {
  CountryInfo,
  DEFAULT_DIRECTION,
  DEFAULT_QUERY_TYPE,
  DEFAULT_TERM,
  DEFAULT_VARIABLE_KIND,
  FilterKey,
  KeyInfo,
  LimitBounds,
  NanoQuery,
  NanoVariableQuery,
  QUERY_LIMITS,
  QueryType,
  QueryView,
  TOP_KEYS_LIMIT,
  UsageDirection,
  UsageTerm,
  VariableKind,
} from './types';

/** Returns the explanation of a query type, or an empty string for an unknown one. */
export function describeQueryType(type: QueryType | undefined): string {
  return QUERY_TYPES.find((t) => t.value === (type ?? DEFAULT_QUERY_TYPE))?.description ?? '';
}

/** Whether this version of the plugin knows the query type (a dashboard may come from a newer one). */
export function isKnownQueryType(type: string | undefined): type is QueryType {
  return QUERY_TYPES.some((t) => t.value === type);
}

const VARIABLE_KINDS: VariableKind[] = ['streams', 'countries', 'months', 'topKeys'];

/** Reads the variable kind from a stored variable query (an object, or a bare string in hand-written dashboards). */
export function variableKind(query: Partial<NanoVariableQuery> | string | undefined | null): VariableKind {
  const kind = typeof query === 'string' ? query.trim() : query?.kind;
  return VARIABLE_KINDS.find((k) => k === kind) ?? DEFAULT_VARIABLE_KIND;
}

/** The options of a top keys variable with their defaults filled in; unknown terms and directions read as the default. */
export function topKeysOptions(query: Partial<NanoVariableQuery> | string | undefined | null): {
  term: UsageTerm;
  direction: UsageDirection;
  limit: number;
} {
  const stored = typeof query === 'object' && query !== null ? query : {};
  return {
    term: TERMS.find((t) => t.value === stored.term)?.value ?? DEFAULT_TERM,
    direction: DIRECTIONS.find((d) => d.value === stored.direction)?.value ?? DEFAULT_DIRECTION,
    limit: typeof stored.limit === 'number' ? stored.limit : TOP_KEYS_LIMIT.default,
  };
}

/** The views a query type offers; none for types without views. */
export function viewsOf(type: QueryType): QueryView[] {
  return Object.hasOwn(VIEWS, type) ? VIEWS[type as keyof typeof VIEWS].map((v) => v.value) : [];
}

/** The bounds of a query type's limit, or undefined when it has none. */
export function limitBoundsOf(type: QueryType): LimitBounds | undefined {
  return Object.hasOwn(QUERY_LIMITS, type) ? QUERY_LIMITS[type as keyof typeof QUERY_LIMITS] : undefined;
}

/** Whether a limit is a whole number within its bounds. */
export function isValidLimit(limit: number, bounds: LimitBounds): boolean {
  return Number.isInteger(limit) && limit >= 1 && limit <= bounds.max;
}

/**
 * Reads a typed limit: empty means the default (undefined); otherwise a whole number within the bounds, or
 * the message that says what is wrong.
 */
export function parseLimit(text: string, bounds: LimitBounds): { limit?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return {};
  }
  const limit = Number(trimmed);
  return isValidLimit(limit, bounds) ? { limit } : { error: limitMessage(bounds.max) };
}

/**
 * The query with another query type. A view or limit the new type would reject is dropped, so the new type's
 * default applies; the other fields stay, so switching back keeps them.
 */
export function withQueryType(query: NanoQuery, queryType: QueryType): NanoQuery {
  const next: NanoQuery = { ...query, queryType };
  if (next.view !== undefined && !viewsOf(queryType).includes(next.view)) {
    delete next.view;
  }
  const bounds = limitBoundsOf(queryType);
  if (next.limit !== undefined && !(bounds && isValidLimit(next.limit, bounds))) {
    delete next.limit;
  }
  return next;
}

/** "Germany (DE)", or the code alone when the name is missing. */
export function countryLabel(country: CountryInfo): string {
  return country.name ? `${country.name} (${country.code})` : country.code;
}

/** A key of a breakdown as a variable shows it: countries as "Germany (DE)", other keys as they are. */
export function keyLabel(key: KeyInfo): string {
  return key.name ? countryLabel({ code: key.key, name: key.name }) : key.key;
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
