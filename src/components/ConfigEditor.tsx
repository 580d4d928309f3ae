import React, { ChangeEvent, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { DataSourcePluginOptionsEditorProps, GrafanaTheme2, SelectableValue } from '@grafana/data';
import { Alert, Collapse, Field, Input, RadioButtonGroup, SecretInput, Select, useStyles2 } from '@grafana/ui';

import {
  AuthType,
  DEFAULT_API_KEY_HEADER,
  DEFAULT_API_URL,
  LEGACY_API_URL,
  NanoDataSourceOptions,
  NanoSecureJsonData,
} from '../types';
import { BudgetSettings } from './BudgetSettings';
import { ianaTimeZones, isValidTimeZone } from './timeZones';

type Props = DataSourcePluginOptionsEditorProps<NanoDataSourceOptions, NanoSecureJsonData>;
type SecretKey = keyof NanoSecureJsonData;

const ORGANISATION_PAGE = 'https://dashboard.nanostream.cloud/organisation/overview';
const FIELD_WIDTH = 60;

const AUTH_TYPES: Array<SelectableValue<AuthType>> = [
  { value: 'apiKey', label: 'API key', description: "The organisation's API key" },
  { value: 'account', label: 'Account', description: 'nanoStream Cloud email and password' },
];

/** Settings page of the data source: API address, sign-in and billing time zone. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const styles = useStyles2(getStyles);
  const { jsonData } = options;
  const secureJsonData = options.secureJsonData ?? {};
  const secureJsonFields = options.secureJsonFields ?? {};
  // an empty environment variable in provisioning arrives as '': treat it as unset
  const authType: AuthType = jsonData.authType || 'apiKey';
  const [advancedOpen, setAdvancedOpen] = useState(
    Boolean(
      jsonData.apiKeyHeader ||
      jsonData.simulatorUrl ||
      jsonData.requestsPerSecond ||
      jsonData.requestBurst ||
      jsonData.disableCache
    )
  );
  const timeZoneOptions = useMemo(() => ianaTimeZones().map((zone) => ({ value: zone, label: zone })), []);

  const hasSecret = (key: SecretKey) => Boolean(secureJsonFields[key] || secureJsonData[key]);
  // Like the backend: with no sign-in mode chosen and no secret, the simulator answers; a chosen mode
  // without its secret is an error, never demo data.
  const demoMode = !jsonData.authType && !hasSecret('apiKey') && !hasSecret('password');
  const missingSecret =
    jsonData.authType === 'apiKey'
      ? !hasSecret('apiKey')
      : jsonData.authType === 'account' && (!hasSecret('password') || !jsonData.email);
  const timeZone = jsonData.billingTimeZone ?? '';
  const timeZoneInvalid = timeZone !== '' && !isValidTimeZone(timeZone);

  const updateJsonData = (changes: Partial<NanoDataSourceOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...changes } });

  // Typing a secret also pins the sign-in mode, so the backend never has to guess it.
  const updateSecret = (key: SecretKey, value: string) =>
    onOptionsChange({
      ...options,
      jsonData: { ...jsonData, authType },
      secureJsonData: { ...secureJsonData, [key]: value },
    });

  const resetSecret = (key: SecretKey) =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [key]: false },
      secureJsonData: { ...secureJsonData, [key]: '' },
    });

  return (
    <div className={styles.page}>
      {demoMode && (
        <Alert severity="info" title="Demo data until credentials are set">
          With no API key and no account this data source serves simulated nanoStream traffic, so dashboards can be
          tried out right away. Add credentials below to see your organisation&apos;s real figures.
        </Alert>
      )}
      {missingSecret && (
        <Alert severity="warning" title="Credentials missing">
          {authType === 'apiKey'
            ? 'Sign-in with an API key is selected but no key is set: queries fail until it is.'
            : 'Sign-in with an account is selected but its email address or password is missing: queries fail until both are set.'}
        </Alert>
      )}

      <section className={styles.section}>
        <h3 className={styles.heading}>Connection</h3>
        <Field
          label="API URL"
          htmlFor="nano-url"
          description={`Leave empty for ${DEFAULT_API_URL}. The legacy address ${LEGACY_API_URL} works as well.`}
        >
          <Input
            id="nano-url"
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
          Sign in with the organisation API key or with a nanoStream Cloud account. Leave the credentials empty to
          explore simulated demo data instead.
        </p>
        <Field label="Sign in with">
          <RadioButtonGroup<AuthType>
            id="nano-auth-type"
            aria-label="Sign in with"
            options={AUTH_TYPES}
            value={authType}
            onChange={(value) => updateJsonData({ authType: value })}
          />
        </Field>

        {authType === 'apiKey' && (
          <Field
            label="API key"
            htmlFor="nano-api-key"
            description={
              <>
                The organisation key from the nanoStream Cloud dashboard, under{' '}
                <a className={styles.link} href={ORGANISATION_PAGE} target="_blank" rel="noopener noreferrer">
                  Organisation → Overview
                </a>
                , box &quot;API Access&quot;. Only users with the nanoAdmin role can see it.
              </>
            }
          >
            <SecretInput
              id="nano-api-key"
              width={FIELD_WIDTH}
              placeholder="Organisation API key"
              isConfigured={Boolean(secureJsonFields.apiKey)}
              value={secureJsonData.apiKey ?? ''}
              onChange={(e: ChangeEvent<HTMLInputElement>) => updateSecret('apiKey', e.currentTarget.value)}
              onReset={() => resetSecret('apiKey')}
            />
          </Field>
        )}

        {authType === 'account' && (
          <>
            <Field
              label="Email"
              htmlFor="nano-email"
              description="The email address you sign in to nanoStream Cloud with."
            >
              <Input
                id="nano-email"
                type="email"
                width={FIELD_WIDTH}
                placeholder="name@example.com"
                autoComplete="off"
                value={jsonData.email ?? ''}
                onChange={(e: ChangeEvent<HTMLInputElement>) => updateJsonData({ email: e.currentTarget.value.trim() })}
              />
            </Field>
            <Field label="Password" htmlFor="nano-password" description="Stored encrypted; only the backend reads it.">
              <SecretInput
                id="nano-password"
                width={FIELD_WIDTH}
                placeholder="Password"
                isConfigured={Boolean(secureJsonFields.password)}
                value={secureJsonData.password ?? ''}
                onChange={(e: ChangeEvent<HTMLInputElement>) => updateSecret('password', e.currentTarget.value)}
                onReset={() => resetSecret('password')}
              />
            </Field>
          </>
        )}
      </section>

      <section className={styles.section}>
        <h3 className={styles.heading}>Billing</h3>
        <Field
          label="Billing time zone"
          htmlFor="nano-time-zone"
          description="Where a month starts and ends for the month-to-date figures. Empty means UTC, the time zone of the nanoStream Analytics API."
          invalid={timeZoneInvalid}
          error={timeZoneInvalid ? `"${timeZone}" is not a known IANA time zone` : undefined}
        >
          <Select<string>
            inputId="nano-time-zone"
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
          htmlFor="nano-api-key-header"
          description={`HTTP header that carries the API key. Leave empty for ${DEFAULT_API_KEY_HEADER}.`}
        >
          <Input
            id="nano-api-key-header"
            width={FIELD_WIDTH}
            placeholder={DEFAULT_API_KEY_HEADER}
            value={jsonData.apiKeyHeader ?? ''}
            onChange={(e: ChangeEvent<HTMLInputElement>) =>
              updateJsonData({ apiKeyHeader: e.currentTarget.value.trim() || undefined })
            }
          />
        </Field>
        <BudgetSettings jsonData={jsonData} onChange={updateJsonData} />
        <Field
          label="Simulator URL"
          htmlFor="nano-simulator-url"
          description="Only without credentials: a simulator process to read instead of the built-in simulator, such as the demo's http://simulator:8090."
        >
          <Input
            id="nano-simulator-url"
            width={FIELD_WIDTH}
            placeholder="built-in simulator"
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
  link: css({
    color: theme.colors.text.link,
    textDecoration: 'underline',
  }),
});
