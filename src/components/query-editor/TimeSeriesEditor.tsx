import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { IntervalField } from './IntervalField';
import { QueryFilters } from './QueryFilters';
import { QueryTypeEditorProps } from './types';

/** The plain time series types (`byteUsage`, `bufferingRatio`, `startupTime`): the filters and the interval. */
export function TimeSeriesEditor(props: QueryTypeEditorProps) {
  const { query, onChange } = props;
  return (
    <>
      <QueryFilters {...props} />
      <InlineFieldRow>
        <IntervalField value={query.interval} onChange={(interval) => onChange({ interval })} />
      </InlineFieldRow>
    </>
  );
}
