import React, { ComponentType } from 'react';
import { css } from '@emotion/css';
import { QueryEditorProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { QueryTypePicker } from '../components/query-editor/QueryTypePicker';
import { QUERY_TYPE_EDITORS } from '../components/query-editor/queryTypeEditors';
import { QueryTypeEditorProps } from '../components/query-editor/types';
import { useFilterOptions } from '../components/query-editor/useFilterOptions';
import type { DataSource } from '../datasource';
import { withQueryType } from '../helpers';
import { DEFAULT_QUERY_TYPE, NanoDataSourceOptions, NanoQuery } from '../types';

type Props = QueryEditorProps<DataSource, NanoQuery, NanoDataSourceOptions>;

/**
 * Query editor: the query type, then that type's own editor. Every change runs the query. Annotation queries
 * use it too, starting from the data source's default annotation query (ingest alerts as annotations).
 */
export function QueryEditor({ query, datasource, onChange, onRunQuery }: Props) {
  const styles = useStyles2(getStyles);
  const filterOptions = useFilterOptions(datasource);
  const queryType = query.queryType ?? DEFAULT_QUERY_TYPE;
  // A query type this version does not know (a dashboard from a newer one) keeps the picker alone.
  const TypeEditor: ComponentType<QueryTypeEditorProps> | undefined = Object.hasOwn(QUERY_TYPE_EDITORS, queryType)
    ? QUERY_TYPE_EDITORS[queryType]
    : undefined;

  const run = (next: NanoQuery) => {
    onChange(next);
    onRunQuery();
  };
  const update = (changes: Partial<NanoQuery>) => run({ ...query, ...changes });

  return (
    <div className={styles.editor}>
      <QueryTypePicker value={queryType} onChange={(value) => run(withQueryType(query, value))} />
      {TypeEditor && <TypeEditor query={query} onChange={update} filterOptions={filterOptions} />}
    </div>
  );
}

const getStyles = () => ({
  editor: css({
    display: 'flex',
    flexDirection: 'column',
  }),
});
