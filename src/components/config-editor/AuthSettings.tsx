import React, { ChangeEvent, useId, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, Input, RadioButtonGroup, useStyles2 } from '@grafana/ui';

import { AUTH_TYPES } from '../../copy';
import { selectors } from '../../selectors';
import { AuthType } from '../../types';
import { SecretField } from './SecretField';
import { SecretKey, Settings, chooseAuthType, chosenAuthType, unusedSecrets } from './auth';

const ORGANISATION_PAGE = 'https://dashboard.nanostream.cloud/organisation/overview';

// What a secret stored for the other sign-in mode is called, and why it is not used.
const UNUSED_SECRET: Record<SecretKey, { title: string; text: string; button: string }> = {
  apiKey: {
    title: 'Unused API key',
    button: 'Remove the API key',
    text: 'An API key is stored as well, but the data source does not use it while signing in with an account.',
  },
  password: {
    title: 'Unused password',
    button: 'Remove the password',
    text: 'A password is stored as well, but the data source does not use it while signing in with an API key.',
  },
};

interface Props {
  options: Settings;
  onOptionsChange: (options: Settings) => void;
  width: number;
}

/**
 * The sign-in mode and its credentials. The mode alone decides which credentials the backend uses, so
 * choosing one resets the other mode's secret. Until a mode is chosen the API key field is offered, and
 * typing a key chooses its mode.
 */
export function AuthSettings({ options, onOptionsChange, width }: Props) {
  const styles = useStyles2(getStyles);
  const id = useId();
  // Stored secrets a mode switch reset in this visit of the page, to bring back on switching back.
  const [setAside, setSetAside] = useState<SecretKey[]>([]);
  const chosen = chosenAuthType(options);
  const shown: AuthType = chosen ?? 'apiKey';
  const secureJsonData = options.secureJsonData ?? {};
  const secureJsonFields = options.secureJsonFields ?? {};
  // Settings saved by earlier versions of this editor can hold both secrets: the one the mode does not read is
  // marked unused.
  const unused = chosen ? unusedSecrets(options) : [];

  const choose = (next: AuthType) => {
    const result = chooseAuthType(options, next, setAside);
    setSetAside(result.setAside);
    return result.options;
  };

  // Typing a secret also pins its sign-in mode, so the backend never has to guess it.
  const updateSecret = (key: SecretKey, value: string) => {
    const next = choose(shown);
    onOptionsChange({ ...next, secureJsonData: { ...next.secureJsonData, [key]: value } });
  };

  const resetSecret = (key: SecretKey) => {
    setSetAside(setAside.filter((k) => k !== key));
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [key]: false },
      secureJsonData: { ...secureJsonData, [key]: '' },
    });
  };

  return (
    <>
      <Field label="Sign in with">
        <RadioButtonGroup<AuthType>
          id={`${id}-auth-type`}
          aria-label={selectors.configEditor.authType.ariaLabel}
          options={AUTH_TYPES}
          value={chosen}
          onChange={(value) => onOptionsChange(choose(value))}
        />
      </Field>

      {shown === 'apiKey' && (
        <SecretField
          label="API key"
          width={width}
          placeholder="Organisation API key"
          description={
            <>
              The organisation key from the nanoStream Cloud dashboard, under{' '}
              <a className={styles.link} href={ORGANISATION_PAGE} target="_blank" rel="noopener noreferrer">
                Organisation → Overview
              </a>
              , box &quot;API Access&quot;. Only users with the nanoAdmin role can see it.
            </>
          }
          isConfigured={Boolean(secureJsonFields.apiKey)}
          value={secureJsonData.apiKey}
          onChange={(value) => updateSecret('apiKey', value)}
          onReset={() => resetSecret('apiKey')}
        />
      )}

      {shown === 'account' && (
        <>
          <Field
            label="Email"
            htmlFor={`${id}-email`}
            description="The email address you sign in to nanoStream Cloud with."
          >
            <Input
              id={`${id}-email`}
              type="email"
              width={width}
              placeholder="name@example.com"
              autoComplete="off"
              value={options.jsonData.email ?? ''}
              onChange={(e: ChangeEvent<HTMLInputElement>) =>
                onOptionsChange({ ...options, jsonData: { ...options.jsonData, email: e.currentTarget.value.trim() } })
              }
            />
          </Field>
          <SecretField
            label="Password"
            width={width}
            placeholder="Password"
            description="Stored encrypted; only the backend reads it."
            isConfigured={Boolean(secureJsonFields.password)}
            value={secureJsonData.password}
            onChange={(value) => updateSecret('password', value)}
            onReset={() => resetSecret('password')}
          />
        </>
      )}

      {unused.map((key) => (
        <Alert key={key} severity="info" title={UNUSED_SECRET[key].title}>
          <p>{UNUSED_SECRET[key].text}</p>
          <Button size="sm" variant="secondary" onClick={() => resetSecret(key)}>
            {UNUSED_SECRET[key].button}
          </Button>
        </Alert>
      ))}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({
    color: theme.colors.text.link,
    textDecoration: 'underline',
  }),
});
