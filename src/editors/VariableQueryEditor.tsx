import React, { useEffect } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineField, RadioButtonGroup } from '@grafana/ui';

import { VARIABLE_FIELDS, VARIABLE_KINDS } from '../copy';
import type { DataSource } from '../datasource';
import { variableKind } from '../helpers';
import { selectors } from '../selectors';
import { NanoDataSourceOptions, NanoQuery, NanoVariableQuery, VariableKind } from '../types';

type Props = QueryEditorProps<DataSource, NanoQuery, NanoDataSourceOptions, NanoVariableQuery>;

const REF_ID = 'NanoVariableQuery';

/** Editor of a dashboard variable: stream names, countries or the compared months. */
export function VariableQueryEditor({ query, onChange }: Props) {
  const kind = variableKind(query);
  const stored = typeof query === 'object' && query !== null ? query : undefined;

  // A new variable starts without a kind; store the default so the saved dashboard says what it lists.
  useEffect(() => {
    if (stored?.kind !== kind) {
      onChange({ ...stored, refId: stored?.refId ?? REF_ID, kind });
    }
  }, [stored, kind, onChange]);

  return (
    <InlineField label={VARIABLE_FIELDS.kind.label} labelWidth={14} tooltip={VARIABLE_FIELDS.kind.tooltip}>
      <RadioButtonGroup<VariableKind>
        aria-label={selectors.variableEditor.kind.ariaLabel}
        options={VARIABLE_KINDS}
        value={kind}
        onChange={(value) => onChange({ ...stored, refId: stored?.refId ?? REF_ID, kind: value })}
      />
    </InlineField>
  );
}
