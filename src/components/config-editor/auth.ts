import { DataSourceSettings } from '@grafana/data';

import { AUTH_SECRET, AuthSecret, AuthType, NanoDataSourceOptions, NanoSecureJsonData } from '../../types';

/** The settings object Grafana's data source page hands to the config editor. */
export type Settings = DataSourceSettings<NanoDataSourceOptions, NanoSecureJsonData>;
export type SecretKey = AuthSecret;

const AUTH_TYPES = Object.keys(AUTH_SECRET) as AuthType[];

/**
 * The sign-in mode the backend uses. A chosen mode alone decides. Without one (a data source saved before the
 * mode was stored, or provisioned with an unset variable) the backend takes the mode of the stored secret, the
 * API key first, and with no secret at all it shows the simulator's demo data.
 */
export function chosenAuthType(options: Settings): AuthType | undefined {
  if (options.jsonData.authType) {
    return options.jsonData.authType;
  }
  return AUTH_TYPES.find((type) => hasSecret(options, AUTH_SECRET[type]));
}

/** Whether a secret is stored or typed. */
export function hasSecret(options: Settings, key: SecretKey): boolean {
  return Boolean(options.secureJsonFields?.[key] || options.secureJsonData?.[key]);
}

/** What the backend makes of the settings: demo data, a sign-in mode with everything it needs, or one without. */
export function credentialsState(options: Settings): 'demo' | 'complete' | 'incomplete' {
  switch (chosenAuthType(options)) {
    case undefined:
      return 'demo';
    case 'apiKey':
      return hasSecret(options, 'apiKey') ? 'complete' : 'incomplete';
    case 'account':
      return hasSecret(options, 'password') && options.jsonData.email ? 'complete' : 'incomplete';
  }
}

/** Secrets stored (or typed) that the backend does not read with the chosen sign-in mode. */
export function unusedSecrets(options: Settings): SecretKey[] {
  const mode = chosenAuthType(options);
  return AUTH_TYPES.filter((type) => type !== mode)
    .map((type) => AUTH_SECRET[type])
    .filter((key) => hasSecret(options, key));
}

/**
 * Chooses a sign-in mode. The other mode's secret is reset the way Grafana's editors reset a secret
 * (secureJsonFields[key] = false, secureJsonData[key] = ''), since the backend never reads it; saving then
 * removes it. A stored secret that an earlier switch reset (listed in setAside) comes back when its mode is
 * chosen again before saving, unless something was typed in its place. Returns the new settings and the
 * secrets now set aside.
 */
export function chooseAuthType(
  options: Settings,
  next: AuthType,
  setAside: SecretKey[] = []
): { options: Settings; setAside: SecretKey[] } {
  const fields: Record<string, boolean> = { ...options.secureJsonFields };
  const data: NanoSecureJsonData = { ...options.secureJsonData };
  const aside = new Set(setAside);
  for (const type of AUTH_TYPES) {
    const key = AUTH_SECRET[type];
    if (type === next) {
      // Only while the reset is still unsaved: after a save Grafana hands over fresh secureJsonFields.
      if (aside.has(key) && fields[key] === false && data[key] === '') {
        fields[key] = true;
        delete data[key];
      }
      aside.delete(key);
    } else if (fields[key] || data[key]) {
      if (fields[key]) {
        aside.add(key);
      }
      fields[key] = false;
      data[key] = '';
    }
  }
  return {
    options: {
      ...options,
      jsonData: { ...options.jsonData, authType: next },
      secureJsonFields: fields,
      secureJsonData: data,
    },
    setAside: [...aside],
  };
}
