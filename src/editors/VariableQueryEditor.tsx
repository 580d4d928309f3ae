import React, { useEffect } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineFieldRow } from '@grafana/ui';

import { ChoiceField } from '../components/query-editor/ChoiceField';
import { LimitField } from '../components/query-editor/LimitField';
import { DIRECTIONS, TERMS, VARIABLE_FIELDS, VARIABLE_KINDS } from '../copy';
import type { DataSource } from '../datasource';
import { topKeysOptions, variableKind } from '../helpers';
import { selectors } from '../selectors';
import {
  NanoDataSourceOptions,
  NanoQuery,
  NanoVariableQuery,
  TOP_KEYS_LIMIT,
  UsageDirection,
  UsageTerm,
  VariableKind,
} from '../types';

type Props = QueryEditorProps<DataSource, NanoQuery, NanoDataSourceOptions, NanoVariableQuery>;

const REF_ID = 'NanoVariableQuery';

/** Editor of a dashboard variable: stream names, countries, the compared months or the top keys of a breakdown. */
export function VariableQueryEditor({ query, onChange }: Props) {
  const kind = variableKind(query);
  const stored = typeof query === 'object' && query !== null ? query : undefined;
  const base: NanoVariableQuery = { ...stored, refId: stored?.refId ?? REF_ID, kind };

  // A new variable starts without a kind; store the default so the saved dashboard says what it lists.
  useEffect(() => {
    if (stored?.kind !== kind) {
      onChange(withKind({ ...stored, refId: stored?.refId ?? REF_ID, kind }, kind));
    }
  }, [stored, kind, onChange]);

  const options = topKeysOptions(query);
  return (
    <>
      <InlineFieldRow>
        <ChoiceField<VariableKind>
          text={VARIABLE_FIELDS.kind}
          ariaLabel={selectors.variableEditor.kind.ariaLabel}
          options={VARIABLE_KINDS}
          value={kind}
          onChange={(value) => onChange(withKind(base, value))}
        />
      </InlineFieldRow>
      {kind === 'topKeys' && (
        <>
          <InlineFieldRow>
            <ChoiceField<UsageTerm>
              text={VARIABLE_FIELDS.term}
              ariaLabel={selectors.variableEditor.term.ariaLabel}
              options={TERMS}
              value={options.term}
              onChange={(term) => onChange({ ...base, term })}
            />
          </InlineFieldRow>
          <InlineFieldRow>
            <ChoiceField<UsageDirection>
              text={VARIABLE_FIELDS.direction}
              ariaLabel={selectors.variableEditor.direction.ariaLabel}
              options={DIRECTIONS}
              value={options.direction}
              onChange={(direction) => onChange({ ...base, direction })}
            />
            <LimitField
              text={VARIABLE_FIELDS.limit}
              bounds={TOP_KEYS_LIMIT}
              value={stored?.limit}
              onChange={(limit) => onChange({ ...base, limit: limit ?? TOP_KEYS_LIMIT.default })}
              labelWidth={8}
            />
          </InlineFieldRow>
        </>
      )}
    </>
  );
}

/**
 * The variable query with another kind. Top keys store their term, direction and limit (the defaults when
 * unset), so the saved dashboard says what the variable lists; the other kinds carry none of them.
 */
function withKind(query: NanoVariableQuery, kind: VariableKind): NanoVariableQuery {
  const { term, direction, limit, ...rest } = query;
  if (kind !== 'topKeys') {
    return { ...rest, kind };
  }
  return { ...rest, kind, ...topKeysOptions({ term, direction, limit }) };
}
