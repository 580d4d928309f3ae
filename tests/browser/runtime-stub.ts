// Stands in for @grafana/runtime in the browser test page: just enough of Grafana's services for the
// editors. Resource calls go over HTTP to the test server, which answers with fixed JSON.
import {
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourceJsonData,
  ScopedVars,
  TypedVariableModel,
} from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import { Observable, of } from 'rxjs';

export interface TemplateSrv {
  getVariables(): TypedVariableModel[];
  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function): string;
  containsTemplate(target?: string): boolean;
  updateTimeRange(): void;
}

interface FetchRequest {
  url: string;
  method?: string;
  params?: Record<string, string>;
}

const dashboardVariables = ['stream', 'country'].map((name) => ({ name, type: 'custom', current: { value: '' } }));

const templateSrv: TemplateSrv = {
  getVariables: () => dashboardVariables as unknown as TypedVariableModel[],
  replace: (target) => target ?? '',
  containsTemplate: (target) => Boolean(target?.includes('$')),
  updateTimeRange: () => {},
};

export function getTemplateSrv(): TemplateSrv {
  return templateSrv;
}

export function getBackendSrv() {
  return {
    async get<T>(url: string): Promise<T> {
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      const data = await response.json().catch(() => undefined);
      if (!response.ok) {
        throw { status: response.status, data };
      }
      return data as T;
    },
    fetch<T>(request: FetchRequest): Promise<{ data: T }> {
      return this.get<T>(request.url).then((data) => ({ data }));
    },
  };
}

export class DataSourceWithBackend<
  TQuery extends DataQuery = DataQuery,
  TOptions extends DataSourceJsonData = DataSourceJsonData,
> extends DataSourceApi<TQuery, TOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<TOptions>) {
    super(instanceSettings);
  }

  query(_request: DataQueryRequest<TQuery>): Observable<DataQueryResponse> {
    return of({ data: [] });
  }

  async testDatasource() {
    return { status: 'success', message: 'Stub' };
  }

  async getResource<T>(path: string, params?: Record<string, string>, _options?: unknown): Promise<T> {
    const query = params ? `?${new URLSearchParams(params)}` : '';
    return getBackendSrv().get<T>(`/api/datasources/uid/${this.uid}/resources/${path}${query}`);
  }
}
