import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { QueryFilters } from './QueryFilters';
import { SeverityPicker } from './SeverityPicker';
import { ViewField } from './ViewField';
import { QueryTypeEditorProps } from './types';

/**
 * `ingestAlerts`: the filters, the severities to keep and the view (table, count or annotations). The API
 * reports the last five minutes only, so there is no interval.
 */
export function IngestAlertsEditor(props: QueryTypeEditorProps) {
  const { query, onChange } = props;
  return (
    <>
      <QueryFilters {...props} />
      <InlineFieldRow>
        <SeverityPicker values={query.severities} onChange={(severities) => onChange({ severities })} />
      </InlineFieldRow>
      <InlineFieldRow>
        <ViewField queryType="ingestAlerts" value={query.view} onChange={(view) => onChange({ view })} />
      </InlineFieldRow>
    </>
  );
}
