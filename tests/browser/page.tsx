// The browser test page: the real editors and @grafana/ui, with the calls they make recorded on window.
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { css } from '@emotion/css';
import { DataSourceInstanceSettings, DataSourceSettings, createTheme, dateTime } from '@grafana/data';
import { GlobalStyles, PortalContainer, ThemeContext } from '@grafana/ui';

import { ConfigEditor } from '../../src/editors/ConfigEditor';
import { QueryEditor } from '../../src/editors/QueryEditor';
import { VariableQueryEditor } from '../../src/editors/VariableQueryEditor';
import { DataSource } from '../../src/datasource';
import { editorSettings } from '../../src/test/helpers';
import { NanoDataSourceOptions, NanoQuery, NanoSecureJsonData, NanoVariableQuery } from '../../src/types';

type Settings = DataSourceSettings<NanoDataSourceOptions, NanoSecureJsonData>;

interface Recorded {
  options: Settings[];
  savedOptions: Settings[];
  queries: NanoQuery[];
  runQuery: number;
  variables: NanoVariableQuery[];
  brokenQueries: NanoQuery[];
  typeQueries: NanoQuery[];
  typeRuns: number;
  annotationQueries: NanoQuery[];
}

declare global {
  interface Window {
    recorded: Recorded;
    editorsReady: boolean;
    /** Runs the variable editor's current query through the data source, over a fixed time range. */
    runVariable: () => Promise<unknown>;
  }
}

const recorded: Recorded = {
  options: [],
  savedOptions: [],
  queries: [],
  runQuery: 0,
  variables: [],
  brokenQueries: [],
  typeQueries: [],
  typeRuns: 0,
  annotationQueries: [],
};
window.recorded = recorded;

const theme = createTheme({ colors: { mode: 'dark' } });

function instance(uid: string): DataSourceInstanceSettings<NanoDataSourceOptions> {
  return {
    uid,
    type: 'nanostream-analytics-datasource',
    name: 'nanoStream Analytics',
    access: 'proxy',
    readOnly: false,
    jsonData: {},
    meta: {} as DataSourceInstanceSettings['meta'],
  };
}

const datasource = new DataSource(instance('nano'));
const brokenDatasource = new DataSource(instance('broken'));

// The range a dashboard would hand to a variable query: 14 to 15 November 2023, UTC.
const VARIABLE_RANGE = {
  from: dateTime(1_699_920_000_000),
  to: dateTime(1_700_006_400_000),
  raw: { from: 'now-1d', to: 'now' },
};

window.runVariable = () =>
  datasource.metricFindQuery(recorded.variables.at(-1) ?? { kind: 'streams' }, { range: VARIABLE_RANGE });

const initialSettings: Settings = editorSettings({ uid: 'nano' });
// A data source saved with an API key: Grafana hands over only that a key is stored.
const savedKeySettings: Settings = editorSettings({
  uid: 'nano-saved',
  jsonData: { authType: 'apiKey' },
  secureJsonFields: { apiKey: true },
});

function Card({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <section className={styles.card} data-testid={testId}>
      <h2 className={styles.cardTitle}>{title}</h2>
      {children}
    </section>
  );
}

function App() {
  const [options, setOptions] = useState<Settings>(initialSettings);
  const [savedOptions, setSavedOptions] = useState<Settings>(savedKeySettings);
  const [query, setQuery] = useState<NanoQuery>({ refId: 'A', ...datasource.getDefaultQuery('dashboard' as never) });
  const [brokenQuery, setBrokenQuery] = useState<NanoQuery>({ refId: 'B', queryType: 'monthToDate' });
  const [variable, setVariable] = useState<NanoVariableQuery>({ refId: 'V', kind: 'streams' });
  const [typeQuery, setTypeQuery] = useState<NanoQuery>({
    refId: 'A',
    ...datasource.getDefaultQuery('dashboard' as never),
  });
  // What Grafana's annotation editor hands to the query editor for a new annotation of this data source.
  const [annotationQuery, setAnnotationQuery] = useState<NanoQuery>({
    refId: 'Anno',
    ...datasource.annotations?.getDefaultQuery?.(),
  });

  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <PortalContainer />
      <main className={styles.page}>
        <div className={styles.column}>
          <Card title="Data source settings" testId="config">
            <ConfigEditor
              options={options}
              onOptionsChange={(next) => {
                recorded.options.push(next);
                setOptions(next);
              }}
            />
          </Card>
          <Card title="Query editor, every query type" testId="types">
            <QueryEditor
              datasource={datasource}
              query={typeQuery}
              onChange={(next) => {
                recorded.typeQueries.push(next);
                setTypeQuery(next);
              }}
              onRunQuery={() => {
                recorded.typeRuns += 1;
              }}
            />
          </Card>
          <Card title="Annotation query" testId="annotation">
            <QueryEditor
              datasource={datasource}
              query={annotationQuery}
              onChange={(next) => {
                recorded.annotationQueries.push(next);
                setAnnotationQuery(next);
              }}
              onRunQuery={() => {}}
            />
          </Card>
        </div>
        <div className={styles.column}>
          <Card title="Query editor" testId="query">
            <QueryEditor
              datasource={datasource}
              query={query}
              onChange={(next) => {
                recorded.queries.push(next);
                setQuery(next);
              }}
              onRunQuery={() => {
                recorded.runQuery += 1;
              }}
            />
          </Card>
          <Card title="Query editor, resources failing" testId="broken-query">
            <QueryEditor
              datasource={brokenDatasource}
              query={brokenQuery}
              onChange={(next) => {
                recorded.brokenQueries.push(next);
                setBrokenQuery(next);
              }}
              onRunQuery={() => {}}
            />
          </Card>
          <Card title="Variable editor" testId="variable">
            <VariableQueryEditor
              datasource={datasource}
              query={variable}
              onChange={(next) => {
                recorded.variables.push(next);
                setVariable(next);
              }}
              onRunQuery={() => {}}
            />
          </Card>
          <Card title="Data source settings, API key saved" testId="config-saved">
            <ConfigEditor
              options={savedOptions}
              onOptionsChange={(next) => {
                recorded.savedOptions.push(next);
                setSavedOptions(next);
              }}
            />
          </Card>
        </div>
      </main>
    </ThemeContext.Provider>
  );
}

const styles = {
  page: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(560px, 1fr) minmax(720px, 1.4fr)',
    gap: theme.spacing(3),
    padding: theme.spacing(3),
    alignItems: 'start',
  }),
  column: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(3),
  }),
  card: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2, 3, 3),
  }),
  cardTitle: css({
    ...theme.typography.h5,
    color: theme.colors.text.secondary,
    marginBottom: theme.spacing(2),
  }),
};

createRoot(document.getElementById('root')!).render(<App />);
window.editorsReady = true;
