import React from 'react';
import { InlineField, RadioButtonGroup } from '@grafana/ui';

import { INTERVALS, QUERY_FIELDS } from '../../copy';
import { selectors } from '../../selectors';
import { DEFAULT_INTERVAL, QueryInterval } from '../../types';
import { LABEL_WIDTH } from './layout';

interface Props {
  value?: QueryInterval;
  onChange: (interval: QueryInterval) => void;
}

/** The bucket size of a time series query. */
export function IntervalField({ value, onChange }: Props) {
  return (
    <InlineField label={QUERY_FIELDS.interval.label} labelWidth={LABEL_WIDTH} tooltip={QUERY_FIELDS.interval.tooltip}>
      <RadioButtonGroup<QueryInterval>
        aria-label={selectors.queryEditor.interval.ariaLabel}
        options={INTERVALS}
        value={value ?? DEFAULT_INTERVAL}
        onChange={onChange}
      />
    </InlineField>
  );
}
