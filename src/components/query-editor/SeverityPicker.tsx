import React, { useId } from 'react';
import { SelectableValue } from '@grafana/data';
import { InlineField, MultiSelect } from '@grafana/ui';

import { QUERY_FIELDS, SEVERITIES } from '../../copy';
import { LABEL_WIDTH, PICKER_WIDTH } from './layout';

interface Props {
  values?: string[];
  /** Called with the chosen severities, most severe first; an empty list keeps every severity. */
  onChange: (values: string[]) => void;
}

const ORDER: string[] = SEVERITIES.map((s) => s.value);

/**
 * The severities an ingest alerts query keeps: picked from the four the API knows, or a typed dashboard
 * variable. None picked keeps every severity.
 */
export function SeverityPicker({ values, onChange }: Props) {
  const id = useId();
  const text = QUERY_FIELDS.severities;
  return (
    <InlineField label={text.label} labelWidth={LABEL_WIDTH} tooltip={text.tooltip} htmlFor={id}>
      <MultiSelect<string>
        inputId={id}
        width={PICKER_WIDTH}
        placeholder={text.placeholder}
        options={SEVERITIES}
        value={(values ?? []).map((value) => SEVERITIES.find((s) => s.value === value) ?? { value, label: value })}
        allowCustomValue
        isClearable
        onChange={(selected: Array<SelectableValue<string>>) => onChange(ordered(selected))}
      />
    </InlineField>
  );
}

// The chosen values without empty ones, known severities most severe first, then typed values (variables).
function ordered(selected: Array<SelectableValue<string>>): string[] {
  const values = selected.map((option) => (option.value ?? '').trim()).filter(Boolean);
  const rank = (value: string) => (ORDER.includes(value) ? ORDER.indexOf(value) : ORDER.length);
  return [...new Set(values)].sort((a, b) => rank(a) - rank(b));
}
