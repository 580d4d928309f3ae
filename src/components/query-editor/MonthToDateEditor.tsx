import React from 'react';
import { InlineField, InlineFieldRow, RadioButtonGroup } from '@grafana/ui';

import { QUERY_FIELDS, VIEWS } from '../../copy';
import { selectors } from '../../selectors';
import { DEFAULT_VIEW, MonthToDateView } from '../../types';
import { QueryFilters } from './QueryFilters';
import { LABEL_WIDTH } from './layout';
import { QueryTypeEditorProps } from './types';

/** `monthToDate`: the filters and the view (summary, trend or table); the windows are whole months. */
export function MonthToDateEditor(props: QueryTypeEditorProps) {
  const { query, onChange } = props;
  return (
    <>
      <QueryFilters {...props} />
      <InlineFieldRow>
        <InlineField label={QUERY_FIELDS.view.label} labelWidth={LABEL_WIDTH} tooltip={QUERY_FIELDS.view.tooltip}>
          <RadioButtonGroup<MonthToDateView>
            aria-label={selectors.queryEditor.view.ariaLabel}
            options={VIEWS}
            value={query.view ?? DEFAULT_VIEW}
            onChange={(view) => onChange({ view })}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}
