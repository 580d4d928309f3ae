import React from 'react';
import { InlineField, RadioButtonGroup } from '@grafana/ui';

import { Choice, FieldText } from '../../copy';
import { LABEL_WIDTH } from './layout';

interface Props<T extends string> {
  text: FieldText;
  /** The radio group's accessible name, from selectors.ts. */
  ariaLabel: string;
  options: Array<Choice<T>>;
  value: T;
  onChange: (value: T) => void;
  labelWidth?: number;
}

/** A labelled row of choices, each explained by its description. */
export function ChoiceField<T extends string>({
  text,
  ariaLabel,
  options,
  value,
  onChange,
  labelWidth = LABEL_WIDTH,
}: Props<T>) {
  return (
    <InlineField label={text.label} labelWidth={labelWidth} tooltip={text.tooltip}>
      <RadioButtonGroup<T> aria-label={ariaLabel} options={options} value={value} onChange={onChange} />
    </InlineField>
  );
}
