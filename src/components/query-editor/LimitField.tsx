import React, { KeyboardEvent, useId, useState } from 'react';
import { InlineField, Input } from '@grafana/ui';

import { FieldText } from '../../copy';
import { parseLimit } from '../../helpers';
import { LimitBounds } from '../../types';
import { LABEL_WIDTH } from './layout';

interface Props {
  text: FieldText;
  bounds: LimitBounds;
  value?: number;
  /** Called with a valid limit, or undefined when the field was emptied (the default applies). */
  onChange: (limit: number | undefined) => void;
  labelWidth?: number;
}

/**
 * A whole number from 1 to the bounds' maximum; empty shows and means the default. A typed value is taken
 * on Enter or when the field loses focus, and only when it is valid; otherwise the field says what is wrong.
 */
export function LimitField({ text, bounds, value, onChange, labelWidth = LABEL_WIDTH }: Props) {
  const id = useId();
  // What is being typed, for the value it was typed over: a new value from outside replaces it.
  const [draft, setDraft] = useState<{ over?: number; text: string }>();
  const shown = draft && draft.over === value ? draft.text : value === undefined ? '' : String(value);
  // A saved value out of bounds (a hand-edited dashboard) reads as typed text and gets the same message.
  const { limit, error } = parseLimit(shown, bounds);

  const commit = () => {
    if (!error && limit !== value) {
      onChange(limit);
    }
  };

  return (
    <InlineField
      label={text.label}
      labelWidth={labelWidth}
      tooltip={text.tooltip}
      htmlFor={id}
      invalid={Boolean(error)}
      error={error}
    >
      <Input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={bounds.max}
        step={1}
        width={12}
        placeholder={String(bounds.default)}
        value={shown}
        onChange={(e) => setDraft({ over: value, text: e.currentTarget.value })}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') {
            commit();
          }
        }}
      />
    </InlineField>
  );
}
