import React, { useEffect } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineField, RadioButtonGroup } from '@grafana/ui';

import type { DataSource } from '../datasource';
import {
  NanoDataSourceOptions,
  NanoQuery,
  NanoVariableQuery,
  VARIABLE_KINDS,
  VariableKind,
  variableKind,
} from '../types';

type Props = QueryEditorProps<DataSource, NanoQuery, NanoDataSourceOptions, NanoVariableQuery>;

const REF_ID = 'NanoVariableQuery';

/** Editor of a dashboard variable: stream names or countries. */
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
    <InlineField label="Values" labelWidth={14} tooltip="What the variable lists.">
      <RadioButtonGroup<VariableKind>
        aria-label="Variable values"
        options={VARIABLE_KINDS}
        value={kind}
        onChange={(value) => onChange({ ...stored, refId: stored?.refId ?? REF_ID, kind: value })}
      />
    </InlineField>
  );
}
