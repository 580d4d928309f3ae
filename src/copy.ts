// The editors' shared UI copy: the labels and one-line explanations of every choice, and the texts of the
// query editor's fields. Every sentence starts with a capital and ends with a full stop.
import {
  AlertSeverity,
  AuthType,
  DEFAULT_VIEWS,
  FilterKey,
  QUERY_LIMITS,
  IngestAlertsView,
  MonthToDateView,
  PlaybackSeries,
  PlaybackStartView,
  QueryInterval,
  QueryType,
  QueryView,
  SplitBy,
  UsageDirection,
  UsageTerm,
  VariableKind,
} from './types';

/** A labelled choice with a one-line explanation, for pickers. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  description: string;
}

type ChoiceText = Omit<Choice<string>, 'value'>;

// A record keyed by every value of the union, so a new query type (or interval, view…) cannot miss its copy.
function choices<T extends string, Extra extends object = {}>(
  text: Record<T, ChoiceText & Extra>
): Array<Choice<T> & Extra> {
  return (Object.keys(text) as T[]).map((value) => ({ value, ...text[value] }));
}

/** The groups of the query type picker, in this order. */
export type QueryTypeGroup = 'traffic' | 'quality' | 'health';

export const QUERY_TYPE_GROUPS: Record<QueryTypeGroup, string> = {
  traffic: 'Traffic',
  quality: 'Quality of service',
  health: 'Stream health',
};

const ACCESS_LEVEL = 'Needs a higher analytics access level.';

/** The query types in the order the picker shows them within their groups. */
export const QUERY_TYPES = choices<QueryType, { group: QueryTypeGroup }>({
  maxViewers: {
    group: 'traffic',
    label: 'Max viewers',
    description: 'Highest number of concurrent H5Live viewers in each time bucket.',
  },
  byteUsage: {
    group: 'traffic',
    label: 'Byte usage',
    description: 'Bytes sent to players (playout) and received from encoders (ingest) in each time bucket.',
  },
  monthToDate: {
    group: 'traffic',
    label: 'Month to date',
    description:
      'Ingest, playout and total bytes of this month so far, against last month up to the same day and time.',
  },
  usageBreakdown: {
    group: 'traffic',
    label: 'Usage breakdown',
    description:
      'Bytes per stream, country, city, referrer or IP address over the time range, the top ones with their share.',
  },
  playbackStartSuccess: {
    group: 'quality',
    label: 'Playback start success',
    description: `Share of playback attempts that started, over time or for the streams that fail most. ${ACCESS_LEVEL}`,
  },
  playbackStartErrors: {
    group: 'quality',
    label: 'Playback start errors',
    description: `Failed playback starts over the time range by error code, the most frequent first. ${ACCESS_LEVEL}`,
  },
  bufferingRatio: {
    group: 'quality',
    label: 'Buffering ratio',
    description: `Share of playback time spent buffering in each time bucket, in percent. ${ACCESS_LEVEL}`,
  },
  startupTime: {
    group: 'quality',
    label: 'Startup time',
    description: `Time players needed to start playback in each time bucket, in seconds. ${ACCESS_LEVEL}`,
  },
  ingestAlerts: {
    group: 'health',
    label: 'Ingest alerts',
    description: `Alerts and advices on the ingest of live streams, as of the last five minutes. ${ACCESS_LEVEL}`,
  },
});

export const UNKNOWN_QUERY_TYPE =
  'This version of the plugin does not know this query type. Pick one of the types above.';

export const INTERVALS = choices<QueryInterval>({
  auto: { label: 'Auto', description: 'Picked from the time range: finer for short ranges, coarser for long ones.' },
  minute: { label: 'Minute', description: 'One point per minute.' },
  hour: { label: 'Hour', description: 'One point per hour.' },
  day: { label: 'Day', description: 'One point per day.' },
});

/** The views of each query type that has views. */
export const VIEWS = {
  monthToDate: choices<MonthToDateView>({
    summary: { label: 'Summary', description: 'Three totals with their trend against last month, for stat panels.' },
    trend: { label: 'Trend', description: 'Last month and this month side by side, for a bar chart.' },
    table: { label: 'Table', description: 'Rows per total, one column per month window, for reports.' },
  }),
  ingestAlerts: choices<IngestAlertsView>({
    table: { label: 'Table', description: 'One row per alert or advice, the most severe and longest running first.' },
    count: {
      label: 'Count',
      description:
        'Active alerts per stream and severity, labelled with their names and descriptions, for alert rules. A single 0 means every stream is healthy.',
    },
    annotations: {
      label: 'Annotations',
      description: 'Each active alert as a region from its first detection until now, for dashboard annotations.',
    },
  }),
  playbackStartSuccess: choices<PlaybackStartView>({
    timeseries: { label: 'Time series', description: 'Success ratio, starts and errors in each time bucket.' },
    worst: {
      label: 'Worst streams',
      description: 'The 100 streams with the lowest success ratio over the time range, as a table.',
    },
  }),
} satisfies { [K in keyof typeof DEFAULT_VIEWS]: Array<Choice<QueryView>> };

export const SEVERITIES = choices<AlertSeverity>({
  critical: {
    label: 'Critical',
    description: 'Viewers are affected now, e.g. the stream is off air or published twice.',
  },
  moderate: { label: 'Moderate', description: 'Playback may suffer, e.g. the ingest keeps reconnecting.' },
  minor: { label: 'Minor', description: 'A small problem, e.g. media arrives slightly slower than real time.' },
  advice: { label: 'Advice', description: 'A recommendation, e.g. a lower bitrate or adaptive bitrate.' },
});

export const SERIES = choices<PlaybackSeries>({
  successRatio: { label: 'Success ratio', description: 'The percent of playback starts that succeeded.' },
  playbackStarts: { label: 'Playback starts', description: 'The number of playback starts.' },
  errors: { label: 'Failed starts', description: 'The number of playback starts that failed.' },
});

export const SPLITS = choices<SplitBy>({
  '': { label: 'None', description: 'One series for all streams together.' },
  stream: { label: 'Stream', description: 'One series per stream.' },
  tag: { label: 'Tag', description: 'One series per tag.' },
  country: { label: 'Country', description: 'One series per viewer country.' },
});

export const TERMS = choices<UsageTerm>({
  stream: { label: 'Stream', description: 'Bytes per stream name.' },
  country: { label: 'Country', description: 'Bytes per country, shown with its ISO code and name.' },
  city: { label: 'City', description: 'Bytes per city.' },
  referrer: { label: 'Referrer', description: 'Bytes per web page the player was embedded in.' },
  ip: { label: 'IP address', description: 'Bytes per client IP address.' },
});

export const DIRECTIONS = choices<UsageDirection>({
  playout: { label: 'Playout', description: 'Bytes sent to players.' },
  ingest: { label: 'Ingest', description: 'Bytes received from encoders.' },
  total: { label: 'Total', description: 'Playout and ingest added up per key.' },
});

export const VARIABLE_KINDS = choices<VariableKind>({
  streams: { label: 'Stream names', description: 'Streams with traffic in the last 30 days.' },
  countries: { label: 'Countries', description: 'Countries as ISO 3166 codes, labelled with their names.' },
  months: {
    label: 'Compared months',
    description: 'The two months the month-to-date figures compare, as "10/26 – 11/26", for panel titles.',
  },
  topKeys: {
    label: 'Top keys',
    description: "The busiest streams, countries, cities, referrers or IP addresses in the dashboard's time range.",
  },
});

export const AUTH_TYPES = choices<AuthType>({
  apiKey: { label: 'API key', description: "Sign in with the organisation's API key." },
  account: {
    label: 'Account',
    description: 'Sign in with the email address and password of a nanoStream Cloud account.',
  },
});

/** Label, tooltip and placeholder of a field. */
export interface FieldText {
  label: string;
  tooltip: string;
  placeholder?: string;
  /** What an empty option list says, for pickers that take typed values. */
  noOptionsMessage?: string;
}

/** The query editor's filter pickers. */
export const FILTERS: Record<FilterKey, FieldText> = {
  streamNames: {
    label: 'Streams',
    tooltip: 'Stream names with traffic in the last 30 days. Type to add another name or a $variable.',
    placeholder: 'All streams',
  },
  tags: {
    label: 'Tags',
    tooltip: 'Only streams that carry every tag listed here count. Type a tag and press Enter.',
    placeholder: 'Any tags',
    noOptionsMessage: 'Type a tag and press Enter.',
  },
  countries: {
    label: 'Countries',
    tooltip: 'Viewer countries (ISO 3166 codes).',
    placeholder: 'All countries',
  },
};

/** The query editor's other fields. */
export const QUERY_FIELDS = {
  queryType: { label: 'Query type', tooltip: 'What the query reads from the nanoStream Analytics API.' },
  interval: { label: 'Interval', tooltip: 'Size of each time bucket.' },
  delta: {
    label: 'Change vs. previous',
    tooltip: 'Show how much the maximum rose or fell against the previous bucket instead of the maximum itself.',
  },
  splitBy: {
    label: 'Split by',
    tooltip: 'One series per stream, tag or country instead of one series for everything.',
  },
  severities: {
    label: 'Severities',
    tooltip:
      'Only alerts of these severities count, in every view. For an alert rule on the count: the severities that fire.',
    placeholder: 'All severities',
  },
  series: {
    label: 'Alert on',
    tooltip:
      'For alert rules, which read the first value of each series: the success ratio, the playback starts or the failed starts. Panels show all three.',
  },
  term: {
    label: 'Group by',
    tooltip: 'What the bytes are added up by: one row per stream, country, city, referrer or IP address.',
  },
  direction: { label: 'Direction', tooltip: 'Which bytes count: playout, ingest, or both added up per key.' },
} satisfies Record<string, FieldText>;

/** The view field of each query type that has views. */
export const VIEW_FIELDS = {
  monthToDate: { label: 'View', tooltip: 'Summary for stat panels, trend for a bar chart, table for reports.' },
  ingestAlerts: {
    label: 'View',
    tooltip: 'Table for an overview, count for alert rules, annotations for regions on time series panels.',
  },
  playbackStartSuccess: {
    label: 'View',
    tooltip: 'Time series for a graph, worst streams for a table of the streams whose playback fails most.',
  },
} satisfies { [K in keyof typeof DEFAULT_VIEWS]: FieldText };

/** The limit field of each query type that has one. */
export const LIMIT_FIELDS = {
  playbackStartSuccess: {
    label: 'Series',
    tooltip: 'How many keys get a series of their own, at most 100.',
  },
  usageBreakdown: {
    label: 'Top',
    tooltip: 'How many keys get a row of their own, at most 1000. The rest add up to the Other row.',
  },
} satisfies Record<keyof typeof QUERY_LIMITS, FieldText>;

export const VARIABLE_FIELDS = {
  kind: { label: 'Values', tooltip: 'What the variable lists.' },
  term: { label: 'Group by', tooltip: 'What the keys are: streams, countries, cities, referrers or IP addresses.' },
  direction: { label: 'Direction', tooltip: 'Which bytes rank the keys: playout, ingest, or both added up.' },
  limit: { label: 'Top', tooltip: 'How many keys the variable lists, the busiest first, at most 1000.' },
} satisfies Record<string, FieldText>;

/** The inline message of a limit that is not a whole number within its bounds. */
export function limitMessage(max: number): string {
  return `Enter a whole number from 1 to ${max}.`;
}

/** The description of a dashboard variable among a picker's options. */
export const VARIABLE_OPTION = 'Dashboard variable';

/** The description of a stream among the picker's options, with its traffic ("12.3 GB"). */
export function streamTraffic(bytes: string): string {
  return `${bytes} in the last 30 days`;
}
