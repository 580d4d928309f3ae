// The data model: queries as stored in dashboards and alert rules, data source settings, resource answers,
// and their defaults. UI copy lives in copy.ts, helpers in helpers.ts.
import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** What a query asks the nanoStream Analytics API for. */
export type QueryType =
  | 'monthToDate'
  | 'maxViewers'
  | 'byteUsage'
  | 'usageBreakdown'
  | 'ingestAlerts'
  | 'playbackStartSuccess'
  | 'playbackStartErrors'
  | 'bufferingRatio'
  | 'startupTime';

/** Bucket size of a time series; 'auto' lets the backend pick one from the time range. */
export type QueryInterval = 'auto' | 'minute' | 'hour' | 'day';

/** Frame layout of a month-to-date query: stat panel, bar chart or table. */
export type MonthToDateView = 'summary' | 'trend' | 'table';

/** Frame layout of an ingest alerts query: one row per alert, counts for alert rules, or annotation events. */
export type IngestAlertsView = 'table' | 'count' | 'annotations';

/** Frame layout of a playback start success query: the ratio over time, or the worst streams as a table. */
export type PlaybackStartView = 'timeseries' | 'worst';

/** The severities of an ingest alert, most severe first. */
export type AlertSeverity = 'critical' | 'moderate' | 'minor' | 'advice';

/** Which value of a playback start success series comes first in its frame: the one alert rules read. */
export type PlaybackSeries = 'successRatio' | 'playbackStarts' | 'errors';

/** The `view` field: its values depend on the query type. */
export type QueryView = MonthToDateView | IngestAlertsView | PlaybackStartView;

/** One series per stream, tag or country; empty means one series for everything. */
export type SplitBy = '' | 'stream' | 'tag' | 'country';

/** What a usage breakdown (and a top keys variable) groups the bytes by. */
export type UsageTerm = 'stream' | 'country' | 'city' | 'referrer' | 'ip';

/** Which bytes a usage breakdown counts; `total` adds playout and ingest per key. */
export type UsageDirection = 'playout' | 'ingest' | 'total';

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
  /** monthToDate (`MonthToDateView`), ingestAlerts (`IngestAlertsView`), playbackStartSuccess (`PlaybackStartView`) */
  view?: QueryView;
  /** ingestAlerts only: `AlertSeverity` values (or dashboard variables) to keep; none keeps every severity */
  severities?: string[];
  /** playbackStartSuccess only */
  splitBy?: SplitBy;
  /** playbackStartSuccess time series only: the value that comes first, for alert rules */
  series?: PlaybackSeries;
  /** playbackStartSuccess: series per split key; usageBreakdown: rows before the Other row (see `QUERY_LIMITS`) */
  limit?: number;
  /** usageBreakdown only */
  term?: UsageTerm;
  /** usageBreakdown only */
  direction?: UsageDirection;
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
  /** redis:// or rediss:// of a Redis every Grafana replica reaches; empty keeps the state in the plugin process */
  redisUrl?: string;
  /** starts every key the plugin keeps in Redis; empty means `DEFAULT_REDIS_KEY_PREFIX` */
  redisKeyPrefix?: string;
}

/** Settings Grafana stores encrypted and only hands to the backend. */
export interface NanoSecureJsonData {
  apiKey?: string;
  password?: string;
  redisPassword?: string;
}

/** The secrets of the sign-in modes. */
export type AuthSecret = 'apiKey' | 'password';

/** The secret each sign-in mode reads; the backend ignores the other one. */
export const AUTH_SECRET: Record<AuthType, AuthSecret> = {
  apiKey: 'apiKey',
  account: 'password',
};

/** The query model of a dashboard variable backed by this data source. */
export interface NanoVariableQuery extends DataQuery {
  kind: VariableKind;
  /** topKeys only */
  term?: UsageTerm;
  /** topKeys only */
  direction?: UsageDirection;
  /** topKeys only: how many keys, see `TOP_KEYS_LIMIT` */
  limit?: number;
}

export type VariableKind = 'streams' | 'countries' | 'months' | 'topKeys';

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

/** One item of the `keys` resource: a key of a usage breakdown, busiest first. */
export interface KeyInfo {
  key: string;
  /** the country's name when the term is `country` */
  name?: string;
  bytes?: number;
}

/** The bounds of a `limit` field; the lower bound is always 1. */
export interface LimitBounds {
  default: number;
  max: number;
}

export const DEFAULT_QUERY_TYPE: QueryType = 'maxViewers';
export const DEFAULT_INTERVAL: QueryInterval = 'auto';
export const DEFAULT_VARIABLE_KIND: VariableKind = 'streams';

/** The view of each query type that has views, when the query names none. */
export const DEFAULT_VIEWS = {
  monthToDate: 'summary',
  ingestAlerts: 'table',
  playbackStartSuccess: 'timeseries',
} as const satisfies Partial<Record<QueryType, QueryView>>;

export const DEFAULT_SPLIT_BY: SplitBy = '';
export const DEFAULT_SERIES: PlaybackSeries = 'successRatio';
export const DEFAULT_TERM: UsageTerm = 'stream';
export const DEFAULT_DIRECTION: UsageDirection = 'playout';

/** The `limit` of each query type that has one. */
export const QUERY_LIMITS = {
  playbackStartSuccess: { default: 10, max: 100 },
  usageBreakdown: { default: 10, max: 1000 },
} as const satisfies Partial<Record<QueryType, LimitBounds>>;

/** The `limit` of a top keys variable. */
export const TOP_KEYS_LIMIT: LimitBounds = { default: 20, max: 1000 };

export const DEFAULT_QUERY: Partial<NanoQuery> = {
  queryType: DEFAULT_QUERY_TYPE,
  interval: DEFAULT_INTERVAL,
};

/** What a new annotation asks for: the active ingest alerts as regions from their first detection. */
export const DEFAULT_ANNOTATION_QUERY: Partial<NanoQuery> = {
  queryType: 'ingestAlerts',
  view: 'annotations',
};

export const DEFAULT_API_URL = 'https://metrics-api.nanostream.cloud';
export const LEGACY_API_URL = 'https://metrics.nanocosmos.de/api';
export const DEFAULT_API_KEY_HEADER = 'X-BINTU-APIKEY';

/** The backend's request budget defaults, below the API's limit of 1 request/s with a burst of 30. */
export const DEFAULT_REQUESTS_PER_SECOND = 0.8;
export const DEFAULT_REQUEST_BURST = 20;
export const API_REQUESTS_PER_SECOND = 1;
export const API_BURST = 30;

/** What every key the backend keeps in Redis starts with, unless the settings name another prefix. */
export const DEFAULT_REDIS_KEY_PREFIX = 'nanostream:';
