import React, { ChangeEvent } from 'react';
import { Field, Input, Switch } from '@grafana/ui';

import {
  API_BURST,
  API_REQUESTS_PER_SECOND,
  DEFAULT_REQUEST_BURST,
  DEFAULT_REQUESTS_PER_SECOND,
  NanoDataSourceOptions,
} from '../types';

interface Props {
  jsonData: NanoDataSourceOptions;
  onChange: (changes: Partial<NanoDataSourceOptions>) => void;
}

/** Reads a number input: empty or not a positive number means "use the default". */
function positive(e: ChangeEvent<HTMLInputElement>): number | undefined {
  const value = Number(e.currentTarget.value);
  return e.currentTarget.value.trim() === '' || !(value > 0) ? undefined : value;
}

/** How much of the API's request budget this data source may use, and its response cache. */
export function BudgetSettings({ jsonData, onChange }: Props) {
  const rps = jsonData.requestsPerSecond;
  const burst = jsonData.requestBurst;
  return (
    <>
      <Field
        label="Requests per second"
        htmlFor="nano-requests-per-second"
        description={`Sustained rate of API requests this data source sends. The API allows ${API_REQUESTS_PER_SECOND} per second for the whole organisation; empty means ${DEFAULT_REQUESTS_PER_SECOND}.`}
        invalid={rps !== undefined && rps > API_REQUESTS_PER_SECOND}
        error={`Above ${API_REQUESTS_PER_SECOND} per second the API throttles.`}
      >
        <Input
          id="nano-requests-per-second"
          type="number"
          min={0.05}
          step={0.05}
          width={20}
          placeholder={String(DEFAULT_REQUESTS_PER_SECOND)}
          value={rps ?? ''}
          onChange={(e: ChangeEvent<HTMLInputElement>) => onChange({ requestsPerSecond: positive(e) })}
        />
      </Field>
      <Field
        label="Request burst"
        htmlFor="nano-request-burst"
        description={`Requests sent at once before the rate applies. The API allows ${API_BURST}; empty means ${DEFAULT_REQUEST_BURST}.`}
        invalid={burst !== undefined && burst > API_BURST}
        error={`Above ${API_BURST} the API throttles.`}
      >
        <Input
          id="nano-request-burst"
          type="number"
          min={1}
          step={1}
          width={20}
          placeholder={String(DEFAULT_REQUEST_BURST)}
          value={burst ?? ''}
          onChange={(e: ChangeEvent<HTMLInputElement>) => {
            const value = positive(e);
            onChange({ requestBurst: value === undefined ? undefined : Math.round(value) });
          }}
        />
      </Field>
      <Field
        label="Cache answers"
        htmlFor="nano-cache"
        description="Identical queries share one API answer while it is fresh, so ten screens cost what one does. Switch off only to troubleshoot."
      >
        <Switch
          id="nano-cache"
          value={!jsonData.disableCache}
          onChange={(e) => onChange({ disableCache: e.currentTarget.checked ? undefined : true })}
        />
      </Field>
    </>
  );
}
