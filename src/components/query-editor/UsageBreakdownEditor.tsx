import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { DIRECTIONS, LIMIT_FIELDS, QUERY_FIELDS, TERMS } from '../../copy';
import { selectors } from '../../selectors';
import { DEFAULT_DIRECTION, DEFAULT_TERM, QUERY_LIMITS, UsageDirection, UsageTerm } from '../../types';
import { ChoiceField } from './ChoiceField';
import { LimitField } from './LimitField';
import { QueryFilters } from './QueryFilters';
import { QueryTypeEditorProps } from './types';

/** `usageBreakdown`: the filters, what the bytes are added up by, which bytes count, and how many keys. */
export function UsageBreakdownEditor(props: QueryTypeEditorProps) {
  const { query, onChange } = props;
  return (
    <>
      <QueryFilters {...props} />
      <InlineFieldRow>
        <ChoiceField<UsageTerm>
          text={QUERY_FIELDS.term}
          ariaLabel={selectors.queryEditor.term.ariaLabel}
          options={TERMS}
          value={query.term ?? DEFAULT_TERM}
          onChange={(term) => onChange({ term })}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <ChoiceField<UsageDirection>
          text={QUERY_FIELDS.direction}
          ariaLabel={selectors.queryEditor.direction.ariaLabel}
          options={DIRECTIONS}
          value={query.direction ?? DEFAULT_DIRECTION}
          onChange={(direction) => onChange({ direction })}
        />
        <LimitField
          text={LIMIT_FIELDS.usageBreakdown}
          bounds={QUERY_LIMITS.usageBreakdown}
          value={query.limit}
          onChange={(limit) => onChange({ limit })}
          labelWidth={8}
        />
      </InlineFieldRow>
    </>
  );
}
