import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { QueryFilters } from './QueryFilters';
import { ViewField } from './ViewField';
import { QueryTypeEditorProps } from './types';

/** `monthToDate`: the filters and the view (summary, trend or table); the windows are whole months. */
export function MonthToDateEditor(props: QueryTypeEditorProps) {
  const { query, onChange } = props;
  return (
    <>
      <QueryFilters {...props} />
      <InlineFieldRow>
        <ViewField queryType="monthToDate" value={query.view} onChange={(view) => onChange({ view })} />
      </InlineFieldRow>
    </>
  );
}
