import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** What a query asks the nanoStream Analytics API for. */
export type QueryType = 'monthToDate' | 'maxViewers' | 'byteUsage';

/** Bucket size of a time series; 'auto' lets the backend pick one from the time range. */
export type QueryInterval = 'auto' | 'minute' | 'hour' | 'day';

/** Frame layout of a month-to-date query: stat panel, bar chart or table. */
export type MonthToDateView = 'summary' | 'trend' | 'table';

/** How the backend signs in; unset (with no secrets) means the built-in simulator. */
export type AuthType = 'apiKey' | 'account';

/** A query as stored in dashboards and alert rules. Keep the field names stable. */
export interface NanoQuery extends DataQuery {
  queryType?: QueryType;
  streamNames?: string[];
  tags?: string[];
  /** ISO 3166 alpha-2 codes */
  countries?: string[];
  interval?: QueryInterval;
  /** maxViewers only: change against the previous bucket */
  delta?: boolean;
  /** monthToDate only */
  view?: MonthToDateView;
}

/** Plain (unencrypted) data source settings. */
export interface NanoDataSourceOptions extends DataSourceJsonData {
  authType?: AuthType;
  email?: string;
  apiKeyHeader?: string;
  /** IANA zone for month boundaries; empty means UTC */
  billingTimeZone?: string;
  /** the data source's share of the API's request budget; unset takes the backend's defaults */
  requestsPerSecond?: number;
  requestBurst?: number;
  /** sends every query upstream; only for troubleshooting */
  disableCache?: boolean;
  /** a simulator process to read while no credentials are set; empty means the built-in one */
  simulatorUrl?: string;
}

/** Settings Grafana stores encrypted and only hands to the backend. */
export interface NanoSecureJsonData {
  apiKey?: string;
  password?: string;
}

/** The query model of a dashboard variable backed by this data source. */
export interface NanoVariableQuery extends DataQuery {
  kind: VariableKind;
}

export type VariableKind = 'streams' | 'countries' | 'months';

/** One item of the `streams` resource. */
export interface StreamInfo {
  name: string;
  bytes: number;
}

/** One item of the `countries` resource. */
export interface CountryInfo {
  code: string;
  name: string;
}

export const DEFAULT_QUERY_TYPE: QueryType = 'maxViewers';
export const DEFAULT_INTERVAL: QueryInterval = 'auto';
export const DEFAULT_VIEW: MonthToDateView = 'summary';
export const DEFAULT_VARIABLE_KIND: VariableKind = 'streams';

export const DEFAULT_QUERY: Partial<NanoQuery> = {
  queryType: DEFAULT_QUERY_TYPE,
  interval: DEFAULT_INTERVAL,
};

export const DEFAULT_API_URL = 'https://metrics-api.nanostream.cloud';
export const LEGACY_API_URL = 'https://metrics.nanocosmos.de/api';
export const DEFAULT_API_KEY_HEADER = 'X-BINTU-APIKEY';

/** The backend's request budget defaults, below the API's limit of 1 request/s with a burst of 30. */
export const DEFAULT_REQUESTS_PER_SECOND = 0.8;
export const DEFAULT_REQUEST_BURST = 20;
export const API_REQUESTS_PER_SECOND = 1;
export const API_BURST = 30;

/** A labelled choice with a one-line explanation, for pickers. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  description: string;
}

export const QUERY_TYPES: Array<Choice<QueryType>> = [
  {
    value: 'maxViewers',
    label: 'Max viewers',
    description: 'Highest number of concurrent H5Live viewers in each time bucket.',
  },
  {
    value: 'byteUsage',
    label: 'Byte usage',
    description: 'Bytes sent to players (playout) and received from encoders (ingest) in each time bucket.',
  },
  {
    value: 'monthToDate',
    label: 'Month to date',
    description:
      'Ingest, playout and total bytes of this month so far, against last month up to the same day and time.',
  },
];

export const INTERVALS: Array<Choice<QueryInterval>> = [
  {
    value: 'auto',
    label: 'Auto',
    description: 'Picked from the time range: finer for short ranges, coarser for long ones.',
  },
  { value: 'minute', label: 'Minute', description: 'One point per minute.' },
  { value: 'hour', label: 'Hour', description: 'One point per hour.' },
  { value: 'day', label: 'Day', description: 'One point per day.' },
];

export const VIEWS: Array<Choice<MonthToDateView>> = [
  {
    value: 'summary',
    label: 'Summary',
    description: 'Three totals with their trend against last month, for stat panels.',
  },
  { value: 'trend', label: 'Trend', description: 'Last month and this month side by side, for a bar chart.' },
  { value: 'table', label: 'Table', description: 'Rows per total, one column per month window, for reports.' },
];

export const VARIABLE_KINDS: Array<Choice<VariableKind>> = [
  { value: 'streams', label: 'Stream names', description: 'Streams with traffic in the last 30 days.' },
  { value: 'countries', label: 'Countries', description: 'Countries as ISO 3166 codes, labelled with their names.' },
  {
    value: 'months',
    label: 'Compared months',
    description: 'The two months the month-to-date figures compare, as "10/26 – 11/26", for panel titles.',
  },
];

/** Returns the explanation of a query type, or an empty string for an unknown one. */
export function describeQueryType(type: QueryType | undefined): string {
  return QUERY_TYPES.find((t) => t.value === (type ?? DEFAULT_QUERY_TYPE))?.description ?? '';
}

/** Reads the variable kind from a stored variable query (an object, or a bare string in hand-written dashboards). */
export function variableKind(query: Partial<NanoVariableQuery> | string | undefined | null): VariableKind {
  const kind = typeof query === 'string' ? query.trim() : query?.kind;
  return kind === 'countries' || kind === 'months' ? kind : DEFAULT_VARIABLE_KIND;
}
