// The editors' shared UI copy: the labels and one-line explanations of every choice, and the texts of the
// query editor's fields. Every sentence starts with a capital and ends with a full stop.
import { AuthType, FilterKey, MonthToDateView, QueryInterval, QueryType, VariableKind } from './types';

/** A labelled choice with a one-line explanation, for pickers. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  description: string;
}

type ChoiceText = Omit<Choice<string>, 'value'>;

// A record keyed by every value of the union, so a new query type (or interval, view…) cannot miss its copy.
function choices<T extends string>(text: Record<T, ChoiceText>): Array<Choice<T>> {
  return (Object.keys(text) as T[]).map((value) => ({ value, ...text[value] }));
}

/** The query types in the order the picker shows them. */
export const QUERY_TYPES = choices<QueryType>({
  maxViewers: {
    label: 'Max viewers',
    description: 'Highest number of concurrent H5Live viewers in each time bucket.',
  },
  byteUsage: {
    label: 'Byte usage',
    description: 'Bytes sent to players (playout) and received from encoders (ingest) in each time bucket.',
  },
  monthToDate: {
    label: 'Month to date',
    description:
      'Ingest, playout and total bytes of this month so far, against last month up to the same day and time.',
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

export const VIEWS = choices<MonthToDateView>({
  summary: { label: 'Summary', description: 'Three totals with their trend against last month, for stat panels.' },
  trend: { label: 'Trend', description: 'Last month and this month side by side, for a bar chart.' },
  table: { label: 'Table', description: 'Rows per total, one column per month window, for reports.' },
});

export const VARIABLE_KINDS = choices<VariableKind>({
  streams: { label: 'Stream names', description: 'Streams with traffic in the last 30 days.' },
  countries: { label: 'Countries', description: 'Countries as ISO 3166 codes, labelled with their names.' },
  months: {
    label: 'Compared months',
    description: 'The two months the month-to-date figures compare, as "10/26 – 11/26", for panel titles.',
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
  queryType: { label: 'Query type' },
  interval: { label: 'Interval', tooltip: 'Size of each time bucket.' },
  view: { label: 'View', tooltip: 'Summary for stat panels, trend for a bar chart, table for reports.' },
  delta: {
    label: 'Change vs. previous',
    tooltip: 'Show how much the maximum rose or fell against the previous bucket instead of the maximum itself.',
  },
} satisfies Record<string, Partial<FieldText>>;

export const VARIABLE_FIELDS = {
  kind: { label: 'Values', tooltip: 'What the variable lists.' },
} satisfies Record<string, Partial<FieldText>>;

/** The description of a dashboard variable among a picker's options. */
export const VARIABLE_OPTION = 'Dashboard variable';

/** The description of a stream among the picker's options, with its traffic ("12.3 GB"). */
export function streamTraffic(bytes: string): string {
  return `${bytes} in the last 30 days`;
}
