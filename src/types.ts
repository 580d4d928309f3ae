// The data model: queries as stored in dashboards and alert rules, data source settings, resource answers,
// and their defaults. UI copy lives in copy.ts, helpers in helpers.ts.
import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** What a query asks the nanoStream Analytics API for. */
export type QueryType = 'monthToDate' | 'maxViewers' | 'byteUsage';

/** Bucket size of a time series; 'auto' lets the backend pick one from the time range. */
export type QueryInterval = 'auto' | 'minute' | 'hour' | 'day';

/** Frame layout of a month-to-date query: stat panel, bar chart or table. */
export type MonthToDateView = 'summary' | 'trend' | 'table';

/** How the backend signs in. It alone decides which credentials are used; unset means the built-in simulator. */
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

/** The filter lists of a query. */
export type FilterKey = 'streamNames' | 'tags' | 'countries';

export const FILTER_KEYS: FilterKey[] = ['streamNames', 'tags', 'countries'];

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
  /** a simulator process to read while no sign-in mode is chosen; empty means the built-in one */
  simulatorUrl?: string;
}

/** Settings Grafana stores encrypted and only hands to the backend. */
export interface NanoSecureJsonData {
  apiKey?: string;
  password?: string;
}

/** The secret each sign-in mode reads; the backend ignores the other one. */
export const AUTH_SECRET: Record<AuthType, keyof NanoSecureJsonData> = {
  apiKey: 'apiKey',
  account: 'password',
};

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
