import { CoreApp, DataSourceInstanceSettings, MetricFindValue, ScopedVars, TimeRange } from '@grafana/data';
import { DataSourceWithBackend, TemplateSrv, getTemplateSrv } from '@grafana/runtime';

import { annotationSupport } from './annotations';
import { countryLabel, keyLabel, topKeysOptions, variableKind } from './helpers';
import { interpolateLimit, interpolateList, interpolateValue, variableNames } from './templating';
import {
  CountryInfo,
  DEFAULT_QUERY,
  KeyInfo,
  NanoDataSourceOptions,
  NanoQuery,
  NanoVariableQuery,
  StreamInfo,
  UsageDirection,
  UsageTerm,
} from './types';
import { NanoVariableSupport } from './variables';

/** What a variable query is run with: the dashboard's time range, when there is one. */
export interface VariableQueryOptions {
  range?: TimeRange;
}

/** The parameters of the `keys` resource. */
export interface TopKeysRequest {
  term: UsageTerm;
  direction: UsageDirection;
  limit: number;
  range?: TimeRange;
}

/** The frontend half of the nanoStream Analytics data source; queries run in the Go backend. */
export class DataSource extends DataSourceWithBackend<NanoQuery, NanoDataSourceOptions> {
  private readonly templateSrv?: TemplateSrv;

  constructor(instanceSettings: DataSourceInstanceSettings<NanoDataSourceOptions>, templateSrv?: TemplateSrv) {
    super(instanceSettings);
    this.templateSrv = templateSrv;
    this.variables = new NanoVariableSupport(this);
    this.annotations = annotationSupport;
  }

  getDefaultQuery(_app: CoreApp): Partial<NanoQuery> {
    return { ...DEFAULT_QUERY };
  }

  filterQuery(query: NanoQuery): boolean {
    return !query.hide;
  }

  // Every field a dashboard may fill from a variable: the filters and the severities as lists (a multi-value
  // variable becomes several items, All drops the list), the choices as single values (e.g. "direction":
  // "$direction"), and a limit stored as text ("$top"). The backend checks what they become.
  applyTemplateVariables(query: NanoQuery, scopedVars: ScopedVars): NanoQuery {
    const templateSrv = this.templates();
    const interpolated: NanoQuery = {
      ...query,
      streamNames: interpolateList(query.streamNames, templateSrv, scopedVars),
      tags: interpolateList(query.tags, templateSrv, scopedVars),
      countries: interpolateList(query.countries, templateSrv, scopedVars)?.map((code) => code.toUpperCase()),
    };
    if (query.severities !== undefined) {
      interpolated.severities = interpolateList(query.severities, templateSrv, scopedVars);
    }
    const choices = interpolated as Record<ChoiceKey, string | undefined>;
    for (const key of CHOICE_KEYS) {
      const value = query[key];
      if (typeof value === 'string') {
        choices[key] = interpolateValue(value, templateSrv, scopedVars);
      }
    }
    // A limit from a variable is text in the stored query; text that is no whole number goes on as it is.
    const limit: unknown = query.limit;
    if (typeof limit === 'string') {
      (interpolated as { limit?: number | string }).limit = interpolateLimit(limit, templateSrv, scopedVars);
    }
    return interpolated;
  }

  interpolateVariablesInQueries(queries: NanoQuery[], scopedVars: ScopedVars): NanoQuery[] {
    return queries.map((query) => ({ ...this.applyTemplateVariables(query, scopedVars), datasource: this.getRef() }));
  }

  /** The dashboard's variables as `$name`, offered in the editor's pickers. */
  getVariableNames(): string[] {
    return variableNames(this.templates());
  }

  /** Stream names seen in the last 30 days, with their bytes. */
  async getStreams(): Promise<StreamInfo[]> {
    const body = await this.fetchResource<{ streams?: StreamInfo[] }>('streams');
    return Array.isArray(body?.streams) ? body.streams : [];
  }

  /** Countries the API can filter on. */
  async getCountries(): Promise<CountryInfo[]> {
    const body = await this.fetchResource<{ countries?: CountryInfo[] }>('countries');
    return Array.isArray(body?.countries) ? body.countries : [];
  }

  /** The months the month-to-date figures compare, as "10/26 – 11/26". */
  async getMonths(): Promise<string> {
    const body = await this.fetchResource<{ months?: string }>('months');
    return typeof body?.months === 'string' ? body.months : '';
  }

  /**
   * The busiest keys of a usage breakdown over the time range (the last 30 days without one), busiest first:
   * `GET keys?term=…&direction=…&limit=…&from=…&to=…`, the bounds in epoch milliseconds.
   */
  async getTopKeys({ term, direction, limit, range }: TopKeysRequest): Promise<KeyInfo[]> {
    const params: Record<string, string> = { term, direction, limit: String(limit) };
    if (range) {
      params.from = String(range.from.valueOf());
      params.to = String(range.to.valueOf());
    }
    const body = await this.fetchResource<{ keys?: KeyInfo[] }>('keys', params);
    return Array.isArray(body?.keys) ? body.keys.filter((k) => typeof k?.key === 'string' && k.key !== '') : [];
  }

  /**
   * Values of a dashboard variable: stream names, countries as "Germany (DE)" / "DE", the compared months, or
   * the top keys of a breakdown over the dashboard's time range.
   */
  async metricFindQuery(
    query: Partial<NanoVariableQuery> | string,
    options?: VariableQueryOptions
  ): Promise<MetricFindValue[]> {
    switch (variableKind(query)) {
      case 'topKeys':
        return (await this.getTopKeys({ ...topKeysOptions(query), range: options?.range })).map((k) => ({
          text: keyLabel(k),
          value: k.key,
        }));
      case 'months': {
        const months = await this.getMonths();
        return months ? [{ text: months, value: months }] : [];
      }
      case 'countries':
        return (await this.getCountries()).map((c) => ({ text: countryLabel(c), value: c.code }));
      case 'streams':
        return (await this.getStreams()).map((s) => ({ text: s.name, value: s.name }));
    }
  }

  private templates(): TemplateSrv {
    return this.templateSrv ?? getTemplateSrv();
  }

  private async fetchResource<T>(path: string, params?: Record<string, string>): Promise<T> {
    try {
      return await this.getResource<T>(path, params, { showErrorAlert: false });
    } catch (err) {
      throw new Error(resourceErrorMessage(path, err));
    }
  }
}

/** The fields of a query that hold one choice each. */
const CHOICE_KEYS = ['interval', 'view', 'splitBy', 'series', 'term', 'direction'] as const;
type ChoiceKey = (typeof CHOICE_KEYS)[number];

function resourceErrorMessage(path: string, err: unknown): string {
  const fallback = `Could not load ${path}.`;
  if (!err || typeof err !== 'object') {
    return fallback;
  }
  const { data, status, message } = err as { data?: unknown; status?: number; message?: unknown };
  if (data && typeof data === 'object') {
    const body = data as { error?: unknown; message?: unknown };
    const text = typeof body.error === 'string' ? body.error : body.message;
    if (typeof text === 'string' && text) {
      return text;
    }
  }
  if (typeof message === 'string' && message) {
    return message;
  }
  return status ? `Could not load ${path} (HTTP ${status}).` : fallback;
}
