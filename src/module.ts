import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './editors/ConfigEditor';
import { QueryEditor } from './editors/QueryEditor';
import { DataSource } from './datasource';
import { NanoDataSourceOptions, NanoQuery, NanoSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<DataSource, NanoQuery, NanoDataSourceOptions, NanoSecureJsonData>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
