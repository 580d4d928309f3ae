import React, { ChangeEvent, useId, useState } from 'react';
import { Field, Input, Switch } from '@grafana/ui';

import {
  API_BURST,
  API_REQUESTS_PER_SECOND,
  DEFAULT_REQUEST_BURST,
  DEFAULT_REQUESTS_PER_SECOND,
  NanoDataSourceOptions,
} from '../../types';

interface Props {
  jsonData: NanoDataSourceOptions;
  onChange: (changes: Partial<NanoDataSourceOptions>) => void;
}

/**
 * A number input that keeps what is typed ("0", "0.") while it is not yet a number, and reports the
 * value once it is one: undefined when empty, meaning the backend's default.
 */
function NumberSetting(props: {
  id: string;
  value?: number;
  placeholder: number;
  onChange: (value: number | undefined) => void;
}) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  return (
    <Input
      id={props.id}
      type="text"
      inputMode="decimal"
      width={20}
      placeholder={String(props.placeholder)}
      value={text}
      onChange={(e: ChangeEvent<HTMLInputElement>) => {
        const raw = e.currentTarget.value;
        setText(raw);
        const value = Number(raw);
        if (raw.trim() === '') {
          props.onChange(undefined);
        } else if (value > 0) {
          props.onChange(value);
        }
      }}
    />
  );
}

/** How much of the API's request budget this data source may use, and its response cache. */
export function BudgetSettings({ jsonData, onChange }: Props) {
  const id = useId();
  const rps = jsonData.requestsPerSecond;
  const burst = jsonData.requestBurst;
  return (
    <>
      <Field
        label="Requests per second"
        htmlFor={`${id}-requests-per-second`}
        description={`Sustained rate of API requests this data source sends. The API allows ${API_REQUESTS_PER_SECOND} per second for the whole organisation; empty means ${DEFAULT_REQUESTS_PER_SECOND}.`}
        invalid={rps !== undefined && rps > API_REQUESTS_PER_SECOND}
        error={`Above ${API_REQUESTS_PER_SECOND} per second the API throttles.`}
      >
        <NumberSetting
          id={`${id}-requests-per-second`}
          value={rps}
          placeholder={DEFAULT_REQUESTS_PER_SECOND}
          onChange={(value) => onChange({ requestsPerSecond: value })}
        />
      </Field>
      <Field
        label="Request burst"
        htmlFor={`${id}-request-burst`}
        description={`Requests sent at once before the rate applies. The API allows ${API_BURST}; empty means ${DEFAULT_REQUEST_BURST}.`}
        invalid={burst !== undefined && burst > API_BURST}
        error={`Above ${API_BURST} the API throttles.`}
      >
        <NumberSetting
          id={`${id}-request-burst`}
          value={burst}
          placeholder={DEFAULT_REQUEST_BURST}
          onChange={(value) => onChange({ requestBurst: value === undefined ? undefined : Math.round(value) })}
        />
      </Field>
      <Field
        label="Cache answers"
        htmlFor={`${id}-cache`}
        description="Identical queries share one API answer while it is fresh, so ten screens cost what one does. Switch off only to troubleshoot."
      >
        <Switch
          id={`${id}-cache`}
          value={!jsonData.disableCache}
          onChange={(e) => onChange({ disableCache: e.currentTarget.checked ? undefined : true })}
        />
      </Field>
    </>
  );
}
