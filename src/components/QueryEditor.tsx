import React, { useId, useMemo } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, InlineSwitch, MultiSelect, RadioButtonGroup, useStyles2 } from '@grafana/ui';

import { DataSource, countryLabel, formatBytes } from '../datasource';
import {
  DEFAULT_INTERVAL,
  DEFAULT_QUERY_TYPE,
  DEFAULT_VIEW,
  INTERVALS,
  MonthToDateView,
  NanoDataSourceOptions,
  NanoQuery,
  QUERY_TYPES,
  QueryInterval,
  QueryType,
  VIEWS,
  describeQueryType,
} from '../types';
import { useResourceList } from './useResourceList';

type Props = QueryEditorProps<DataSource, NanoQuery, NanoDataSourceOptions>;
type ListKey = 'streamNames' | 'tags' | 'countries';

const LABEL_WIDTH = 14;
const PICKER_WIDTH = 40;

/** Query editor: what to fetch, which streams/tags/countries, and the bucket size. */
export function QueryEditor({ query, datasource, onChange, onRunQuery }: Props) {
  const styles = useStyles2(getStyles);
  // Several queries of a panel show their editors at once, so element ids must differ per editor.
  const id = useId();
  const streams = useResourceList(datasource, 'streams');
  const countries = useResourceList(datasource, 'countries');
  const variables = useMemo(() => datasource.getVariableNames().map(variableOption), [datasource]);

  const queryType = query.queryType ?? DEFAULT_QUERY_TYPE;
  const interval = query.interval ?? DEFAULT_INTERVAL;

  const streamOptions = useMemo(
    () => [
      ...variables,
      ...streams.items.map((s) => ({
        value: s.name,
        label: s.name,
        description: `${formatBytes(s.bytes)} in the last 30 days`,
      })),
    ],
    [variables, streams.items]
  );
  const countryOptions = useMemo(
    () => [...variables, ...countries.items.map((c) => ({ value: c.code, label: countryLabel(c) }))],
    [variables, countries.items]
  );

  const update = (changes: Partial<NanoQuery>) => {
    onChange({ ...query, ...changes });
    onRunQuery();
  };

  const updateList = (key: ListKey) => (selected: Array<SelectableValue<string>>) => {
    const values = selected.map((option) => (option.value ?? '').trim()).filter(Boolean);
    update({ [key]: key === 'countries' ? values.map(normaliseCountry) : values });
  };

  return (
    <div className={styles.editor}>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={LABEL_WIDTH}>
          <RadioButtonGroup<QueryType>
            aria-label="Query type"
            aria-describedby="nano-query-type-description"
            options={QUERY_TYPES}
            value={queryType}
            onChange={(value) => update({ queryType: value })}
          />
        </InlineField>
      </InlineFieldRow>
      <p className={styles.description} id="nano-query-type-description" data-testid="query-type-description">
        {describeQueryType(queryType)}
      </p>

      <InlineFieldRow>
        <InlineField
          label="Streams"
          labelWidth={LABEL_WIDTH}
          tooltip="Stream names with traffic in the last 30 days. Type to add another name or a $variable."
          invalid={Boolean(streams.error)}
          error={streams.error}
          htmlFor={`${id}-streams`}
        >
          <MultiSelect<string>
            inputId={`${id}-streams`}
            width={PICKER_WIDTH}
            placeholder="All streams"
            options={streamOptions}
            value={selectedOptions(query.streamNames, streamOptions)}
            isLoading={streams.loading}
            allowCustomValue
            isClearable
            onChange={updateList('streamNames')}
          />
        </InlineField>
      </InlineFieldRow>

      <InlineFieldRow>
        <InlineField
          label="Tags"
          labelWidth={LABEL_WIDTH}
          tooltip="Only streams that carry every tag listed here count. Type a tag and press Enter."
          htmlFor={`${id}-tags`}
        >
          <MultiSelect<string>
            inputId={`${id}-tags`}
            width={PICKER_WIDTH}
            placeholder="Any tags"
            options={variables}
            value={selectedOptions(query.tags, variables)}
            allowCustomValue
            isClearable
            noOptionsMessage="Type a tag and press Enter"
            onChange={updateList('tags')}
          />
        </InlineField>
      </InlineFieldRow>

      <InlineFieldRow>
        <InlineField
          label="Countries"
          labelWidth={LABEL_WIDTH}
          tooltip="Viewer countries (ISO 3166 codes)."
          invalid={Boolean(countries.error)}
          error={countries.error}
          htmlFor={`${id}-countries`}
        >
          <MultiSelect<string>
            inputId={`${id}-countries`}
            width={PICKER_WIDTH}
            placeholder="All countries"
            options={countryOptions}
            value={selectedOptions(query.countries, countryOptions)}
            isLoading={countries.loading}
            allowCustomValue
            isClearable
            onChange={updateList('countries')}
          />
        </InlineField>
      </InlineFieldRow>

      <InlineFieldRow>
        {queryType === 'monthToDate' ? (
          <InlineField
            label="View"
            labelWidth={LABEL_WIDTH}
            tooltip="Summary for stat panels, trend for a bar chart, table for reports."
          >
            <RadioButtonGroup<MonthToDateView>
              aria-label="View"
              options={VIEWS}
              value={query.view ?? DEFAULT_VIEW}
              onChange={(value) => update({ view: value })}
            />
          </InlineField>
        ) : (
          <InlineField label="Interval" labelWidth={LABEL_WIDTH} tooltip="Size of each time bucket.">
            <RadioButtonGroup<QueryInterval>
              aria-label="Interval"
              options={INTERVALS}
              value={interval}
              onChange={(value) => update({ interval: value })}
            />
          </InlineField>
        )}
        {queryType === 'maxViewers' && (
          <InlineField
            label="Change vs. previous"
            labelWidth={20}
            htmlFor={`${id}-delta`}
            tooltip="Show how much the maximum rose or fell against the previous bucket instead of the maximum itself."
          >
            <InlineSwitch
              id={`${id}-delta`}
              value={Boolean(query.delta)}
              onChange={(e: React.FormEvent<HTMLInputElement>) => update({ delta: e.currentTarget.checked })}
            />
          </InlineField>
        )}
      </InlineFieldRow>
    </div>
  );
}

function variableOption(name: string): SelectableValue<string> {
  return { value: name, label: name, description: 'Dashboard variable' };
}

// Keeps values that are not (or not yet) among the options, such as custom names and variables.
function selectedOptions(values: string[] | undefined, options: Array<SelectableValue<string>>) {
  return (values ?? []).map((value) => options.find((option) => option.value === value) ?? { value, label: value });
}

function normaliseCountry(value: string): string {
  return /[$[]/.test(value) ? value : value.toUpperCase();
}

const getStyles = (theme: GrafanaTheme2) => ({
  editor: css({
    display: 'flex',
    flexDirection: 'column',
  }),
  // Lines up with the controls, past the labels (InlineField labels are followed by a 4px gap).
  description: css({
    margin: `${theme.spacing(-0.5)} 0 ${theme.spacing(1)} calc(${theme.spacing(LABEL_WIDTH)} + 4px)`,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
