import React, { ChangeEvent, useId, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { DataSourcePluginOptionsEditorProps, GrafanaTheme2, SelectableValue } from '@grafana/data';
import { Alert, Collapse, Field, Input, Select, useStyles2 } from '@grafana/ui';

import { AuthSettings } from '../components/config-editor/AuthSettings';
import { BudgetSettings } from '../components/config-editor/BudgetSettings';
import { RedisSettings } from '../components/config-editor/RedisSettings';
import { chosenAuthType, credentialsState } from '../components/config-editor/auth';
import { ianaTimeZones, isValidTimeZone } from '../components/config-editor/timeZones';
import {
  DEFAULT_API_KEY_HEADER,
  DEFAULT_API_URL,
  LEGACY_API_URL,
  NanoDataSourceOptions,
  NanoSecureJsonData,
} from '../types';

type Props = DataSourcePluginOptionsEditorProps<NanoDataSourceOptions, NanoSecureJsonData>;

const FIELD_WIDTH = 60;

/** Settings page of the data source: API address, sign-in, billing time zone and advanced settings. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const styles = useStyles2(getStyles);
  // Ids differ per editor, so two editors on one page keep their labels apart.
  const id = useId();
  const { jsonData } = options;
  const [advancedOpen, setAdvancedOpen] = useState(
    Boolean(
      jsonData.apiKeyHeader ||
      jsonData.simulatorUrl ||
      jsonData.requestsPerSecond ||
      jsonData.requestBurst ||
      jsonData.disableCache ||
      jsonData.redisUrl
    )
  );
  const timeZoneOptions = useMemo(() => ianaTimeZones().map((zone) => ({ value: zone, label: zone })), []);

  // Like the backend: a chosen sign-in mode alone decides; without one, the stored secret's mode, and without
  // any secret the simulator. A chosen mode without its secret is an error, never demo data.
  const credentials = credentialsState(options);
  const timeZone = jsonData.billingTimeZone ?? '';
  const timeZoneInvalid = timeZone !== '' && !isValidTimeZone(timeZone);

  const updateJsonData = (changes: Partial<NanoDataSourceOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...changes } });

  return (
    <div className={styles.page}>
      {credentials === 'demo' && (
        <Alert severity="info" title="Demo data until credentials are set">
          No sign-in mode is chosen, so this data source serves simulated nanoStream traffic and dashboards can be tried
          out right away. Choose how to sign in and add the credentials below to see your organisation&apos;s real
          figures.
        </Alert>
      )}
      {credentials === 'incomplete' && (
        <Alert severity="warning" title="Credentials missing">
          {chosenAuthType(options) === 'apiKey'
            ? 'Sign-in with an API key is selected but no key is set: queries fail until it is.'
            : 'Sign-in with an account is selected but its email address or password is missing: queries fail until both are set.'}
        </Alert>
      )}

      <section className={styles.section}>
        <h3 className={styles.heading}>Connection</h3>
        <Field
          label="API URL"
          htmlFor={`${id}-url`}
          description={`Leave empty for ${DEFAULT_API_URL}. The legacy address ${LEGACY_API_URL} works as well.`}
        >
          <Input
            id={`${id}-url`}
            width={FIELD_WIDTH}
            placeholder={DEFAULT_API_URL}
            value={options.url ?? ''}
            onChange={(e: ChangeEvent<HTMLInputElement>) =>
              onOptionsChange({ ...options, url: e.currentTarget.value.trim() })
            }
          />
        </Field>
      </section>

      <section className={styles.section}>
        <h3 className={styles.heading}>Authentication</h3>
        <p className={styles.sectionHelp}>
          Sign in with the organisation API key or with a nanoStream Cloud account. The chosen mode alone decides which
          credentials are used; until one is chosen, the data source shows simulated demo data.
        </p>
        <AuthSettings options={options} onOptionsChange={onOptionsChange} width={FIELD_WIDTH} />
      </section>

      <section className={styles.section}>
        <h3 className={styles.heading}>Billing</h3>
        <Field
          label="Billing time zone"
          htmlFor={`${id}-time-zone`}
          description="Where a month starts and ends for the month-to-date figures. Empty means UTC, the time zone of the nanoStream Analytics API."
          invalid={timeZoneInvalid}
          error={timeZoneInvalid ? `The time zone "${timeZone}" is not a known IANA time zone.` : undefined}
        >
          <Select<string>
            inputId={`${id}-time-zone`}
            width={FIELD_WIDTH}
            placeholder="UTC"
            options={timeZoneOptions}
            value={timeZone ? { value: timeZone, label: timeZone } : null}
            isClearable
            allowCustomValue
            onChange={(option: SelectableValue<string> | null) =>
              updateJsonData({ billingTimeZone: option?.value || undefined })
            }
          />
        </Field>
      </section>

      <Collapse label="Advanced settings" isOpen={advancedOpen} onToggle={() => setAdvancedOpen(!advancedOpen)}>
        <Field
          label="API key header"
          htmlFor={`${id}-api-key-header`}
          description={`HTTP header that carries the API key. Leave empty for ${DEFAULT_API_KEY_HEADER}.`}
        >
          <Input
            id={`${id}-api-key-header`}
            width={FIELD_WIDTH}
            placeholder={DEFAULT_API_KEY_HEADER}
            value={jsonData.apiKeyHeader ?? ''}
            onChange={(e: ChangeEvent<HTMLInputElement>) =>
              updateJsonData({ apiKeyHeader: e.currentTarget.value.trim() || undefined })
            }
          />
        </Field>
        <BudgetSettings jsonData={jsonData} onChange={updateJsonData} />
        <RedisSettings options={options} onOptionsChange={onOptionsChange} width={FIELD_WIDTH} />
        <Field
          label="Simulator URL"
          htmlFor={`${id}-simulator-url`}
          description="Only while no sign-in mode is chosen: a simulator process to read instead of the built-in simulator, such as the demo's http://simulator:8090."
        >
          <Input
            id={`${id}-simulator-url`}
            width={FIELD_WIDTH}
            placeholder="Built-in simulator"
            value={jsonData.simulatorUrl ?? ''}
            onChange={(e: ChangeEvent<HTMLInputElement>) =>
              updateJsonData({ simulatorUrl: e.currentTarget.value.trim() || undefined })
            }
          />
        </Field>
      </Collapse>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({
    maxWidth: theme.spacing(90),
  }),
  section: css({
    marginBottom: theme.spacing(3),
  }),
  heading: css({
    ...theme.typography.h4,
    marginBottom: theme.spacing(2),
  }),
  sectionHelp: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    margin: theme.spacing(-1, 0, 2),
  }),
});
