import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { LIMIT_FIELDS, QUERY_FIELDS, SERIES, SPLITS } from '../../copy';
import { selectors } from '../../selectors';
import { DEFAULT_SERIES, DEFAULT_SPLIT_BY, DEFAULT_VIEWS, PlaybackSeries, QUERY_LIMITS, SplitBy } from '../../types';
import { ChoiceField } from './ChoiceField';
import { IntervalField } from './IntervalField';
import { LimitField } from './LimitField';
import { QueryFilters } from './QueryFilters';
import { ViewField } from './ViewField';
import { QueryTypeEditorProps } from './types';

/**
 * `playbackStartSuccess`: the filters and the view. The time series has an interval, can be split by stream,
 * tag or country into a limited number of series, and names the value alert rules read; the worst streams
 * table has none of these.
 */
export function PlaybackStartSuccessEditor(props: QueryTypeEditorProps) {
  const { query, onChange } = props;
  const timeSeries = (query.view ?? DEFAULT_VIEWS.playbackStartSuccess) === 'timeseries';
  const splitBy = query.splitBy ?? DEFAULT_SPLIT_BY;
  return (
    <>
      <QueryFilters {...props} />
      <InlineFieldRow>
        <ViewField queryType="playbackStartSuccess" value={query.view} onChange={(view) => onChange({ view })} />
      </InlineFieldRow>
      {timeSeries && (
        <>
          <InlineFieldRow>
            <IntervalField value={query.interval} onChange={(interval) => onChange({ interval })} />
          </InlineFieldRow>
          <InlineFieldRow>
            <ChoiceField<SplitBy>
              text={QUERY_FIELDS.splitBy}
              ariaLabel={selectors.queryEditor.splitBy.ariaLabel}
              options={SPLITS}
              value={splitBy}
              onChange={(value) => onChange({ splitBy: value })}
            />
            {splitBy !== '' && (
              <LimitField
                text={LIMIT_FIELDS.playbackStartSuccess}
                bounds={QUERY_LIMITS.playbackStartSuccess}
                value={query.limit}
                onChange={(limit) => onChange({ limit })}
                labelWidth={10}
              />
            )}
          </InlineFieldRow>
          <InlineFieldRow>
            <ChoiceField<PlaybackSeries>
              text={QUERY_FIELDS.series}
              ariaLabel={selectors.queryEditor.series.ariaLabel}
              options={SERIES}
              value={query.series ?? DEFAULT_SERIES}
              onChange={(series) => onChange({ series })}
            />
          </InlineFieldRow>
        </>
      )}
    </>
  );
}
