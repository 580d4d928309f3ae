import { DataSourceInstanceSettings, DataSourceSettings, ScopedVars, TypedVariableModel } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

import { NanoDataSourceOptions, NanoSecureJsonData } from '../types';

/** Instance settings as Grafana hands them to the data source constructor. */
export function instanceSettings(
  jsonData: NanoDataSourceOptions = {}
): DataSourceInstanceSettings<NanoDataSourceOptions> {
  return {
    uid: 'nano-uid',
    type: 'nanostream-analytics-datasource',
    name: 'nanoStream Analytics',
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: {} as DataSourceInstanceSettings['meta'],
  };
}

/** The settings object Grafana's data source page hands to the config editor. */
export type EditorSettings = DataSourceSettings<NanoDataSourceOptions, NanoSecureJsonData>;

/** Editor settings of a new data source, without the fields Grafana has deprecated. */
export function editorSettings(overrides: Partial<EditorSettings> = {}): EditorSettings {
  const current: Omit<EditorSettings, 'database'> = {
    id: 1,
    uid: 'nano-uid',
    orgId: 1,
    name: 'nanoStream Analytics',
    type: 'nanostream-analytics-datasource',
    typeName: 'nanoStream Analytics',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    jsonData: {},
    secureJsonData: {},
    secureJsonFields: {},
    ...overrides,
  };
  return current as EditorSettings;
}

type VariableValue = string | string[];

/**
 * A small stand-in for Grafana's template service: `$name`, `${name}`, `${name:fmt}` and `[[name]]`
 * are replaced; multi values go through the format function, or Grafana's default `{a,b}` glob.
 */
export function fakeTemplateSrv(values: Record<string, VariableValue>): TemplateSrv {
  const variables = Object.entries(values).map(([name, value]) => ({
    name,
    type: 'custom',
    current: { value, text: value },
  })) as unknown as TypedVariableModel[];

  const pattern = /\$(\w+)|\[\[(\w+?)(?::\w+)?\]\]|\$\{(\w+)(?::([^}]+))?\}/g;
  const replace = (target?: string, scopedVars?: ScopedVars, format?: string | Function): string =>
    (target ?? '').replace(pattern, (match, a?: string, b?: string, c?: string, explicit?: string) => {
      const name = (a ?? b ?? c) as string;
      const scoped = scopedVars?.[name];
      const raw: VariableValue | undefined = scoped ? scoped.value : values[name];
      if (raw === undefined) {
        return match;
      }
      if (explicit === 'text') {
        return raw === '$__all' ? 'All' : Array.isArray(raw) ? raw.join(' + ') : raw;
      }
      if (explicit === 'json') {
        return JSON.stringify(raw);
      }
      const value = raw === '$__all' ? Object.values(values).flat() : raw;
      if (typeof format === 'function') {
        return format(value);
      }
      return Array.isArray(value) ? `{${value.join(',')}}` : value;
    });

  return {
    getVariables: () => variables,
    replace,
    containsTemplate: (target?: string) => Boolean(target && pattern.test(target)),
    updateTimeRange: () => {},
  } as unknown as TemplateSrv;
}
