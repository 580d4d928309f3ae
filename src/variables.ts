import {
  CustomVariableSupport,
  DataQueryRequest,
  DataQueryResponse,
  FieldType,
  MetricFindValue,
  createDataFrame,
} from '@grafana/data';
import { Observable, from, map } from 'rxjs';

import { VariableQueryEditor } from './editors/VariableQueryEditor';
import type { DataSource } from './datasource';
import { NanoVariableQuery } from './types';

/**
 * Dashboard variables filled from the data source's resources (streams, countries, months, keys); the top keys
 * follow the dashboard's time range.
 */
export class NanoVariableSupport extends CustomVariableSupport<DataSource, NanoVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<NanoVariableQuery>): Observable<DataQueryResponse> {
    return from(this.datasource.metricFindQuery(request.targets[0] ?? {}, { range: request.range })).pipe(
      map((values) => ({ data: [valuesToFrame(values)] }))
    );
  }
}

/** A frame with `text` and `value` fields, the shape Grafana reads variable options from. */
export function valuesToFrame(values: MetricFindValue[]) {
  return createDataFrame({
    fields: [
      { name: 'text', type: FieldType.string, values: values.map((v) => v.text) },
      { name: 'value', type: FieldType.string, values: values.map((v) => String(v.value ?? v.text)) },
    ],
  });
}
