import { CoreApp, DataSourceInstanceSettings, MetricFindValue, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, TemplateSrv, getTemplateSrv } from '@grafana/runtime';

import { countryLabel, variableKind } from './helpers';
import { interpolateList, variableNames } from './templating';
import { CountryInfo, DEFAULT_QUERY, NanoDataSourceOptions, NanoQuery, NanoVariableQuery, StreamInfo } from './types';
import { NanoVariableSupport } from './variables';

/** The frontend half of the nanoStream Analytics data source; queries run in the Go backend. */
export class DataSource extends DataSourceWithBackend<NanoQuery, NanoDataSourceOptions> {
  private readonly templateSrv?: TemplateSrv;

  constructor(instanceSettings: DataSourceInstanceSettings<NanoDataSourceOptions>, templateSrv?: TemplateSrv) {
    super(instanceSettings);
    this.templateSrv = templateSrv;
    this.variables = new NanoVariableSupport(this);
  }

  getDefaultQuery(_app: CoreApp): Partial<NanoQuery> {
    return { ...DEFAULT_QUERY };
  }

  filterQuery(query: NanoQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(query: NanoQuery, scopedVars: ScopedVars): NanoQuery {
    const templateSrv = this.templates();
    return {
      ...query,
      streamNames: interpolateList(query.streamNames, templateSrv, scopedVars),
      tags: interpolateList(query.tags, templateSrv, scopedVars),
      countries: interpolateList(query.countries, templateSrv, scopedVars)?.map((code) => code.toUpperCase()),
    };
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

  /** Values of a dashboard variable: stream names, countries as "Germany (DE)" / "DE", or the compared months. */
  async metricFindQuery(query: Partial<NanoVariableQuery> | string): Promise<MetricFindValue[]> {
    switch (variableKind(query)) {
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

  private async fetchResource<T>(path: string): Promise<T> {
    try {
      return await this.getResource<T>(path, undefined, { showErrorAlert: false });
    } catch (err) {
      throw new Error(resourceErrorMessage(path, err));
    }
  }
}

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
