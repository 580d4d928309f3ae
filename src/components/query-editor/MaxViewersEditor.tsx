import React, { FormEvent, useId } from 'react';
import { InlineField, InlineFieldRow, InlineSwitch } from '@grafana/ui';

import { QUERY_FIELDS } from '../../copy';
import { IntervalField } from './IntervalField';
import { QueryFilters } from './QueryFilters';
import { QueryTypeEditorProps } from './types';

/** `maxViewers`: the filters, the interval, and the change against the previous bucket. */
export function MaxViewersEditor(props: QueryTypeEditorProps) {
  const { query, onChange } = props;
  const id = useId();
  return (
    <>
      <QueryFilters {...props} />
      <InlineFieldRow>
        <IntervalField value={query.interval} onChange={(interval) => onChange({ interval })} />
        <InlineField
          label={QUERY_FIELDS.delta.label}
          labelWidth={20}
          htmlFor={`${id}-delta`}
          tooltip={QUERY_FIELDS.delta.tooltip}
        >
          <InlineSwitch
            id={`${id}-delta`}
            value={Boolean(query.delta)}
            onChange={(e: FormEvent<HTMLInputElement>) => onChange({ delta: e.currentTarget.checked })}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}
