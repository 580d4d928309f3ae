import { AnnotationQuery, CoreApp, DataQueryRequest, dateTime, dataFrameToJSON } from '@grafana/data';
import { BackendSrv, setBackendSrv } from '@grafana/runtime';
import { lastValueFrom, of, throwError } from 'rxjs';

import { DataSource } from './datasource';
import { fakeTemplateSrv, instanceSettings } from './test/helpers';
import { NanoQuery, NanoVariableQuery } from './types';
import { NanoVariableSupport } from './variables';

// DataSourceWithBackend.getResource goes through Grafana's backend service; a fake one records the requests.
const fetchMock = jest.fn();
setBackendSrv({ fetch: fetchMock } as unknown as BackendSrv);

const templateSrv = fakeTemplateSrv({
  stream: ['nS4kq-main', 'nS4kq-backup'],
  single: 'nS4kq-solo',
  tag: ['live', 'sports'],
  country: ['de', 'AT'],
  everything: '$__all',
  star: '*',
  empty: '',
});

function newDataSource() {
  return new DataSource(instanceSettings(), templateSrv);
}

function query(overrides: Partial<NanoQuery>): NanoQuery {
  return { refId: 'A', ...overrides };
}

beforeEach(() => fetchMock.mockReset());

describe('defaults', () => {
  it('starts a new query as max viewers with an automatic interval', () => {
    expect(newDataSource().getDefaultQuery(CoreApp.Dashboard)).toEqual({ queryType: 'maxViewers', interval: 'auto' });
  });

  it('skips hidden queries and keeps the rest', () => {
    const ds = newDataSource();
    expect(ds.filterQuery(query({ hide: true }))).toBe(false);
    expect(ds.filterQuery(query({ hide: false }))).toBe(true);
    expect(ds.filterQuery(query({}))).toBe(true);
  });
});

describe('applyTemplateVariables', () => {
  const ds = newDataSource();
  const apply = (q: Partial<NanoQuery>, scopedVars = {}) => ds.applyTemplateVariables(query(q), scopedVars);

  it('splits a multi-value variable into separate list items', () => {
    expect(apply({ streamNames: ['$stream'] }).streamNames).toEqual(['nS4kq-main', 'nS4kq-backup']);
  });

  it('handles every variable syntax and mixes variables with literal values', () => {
    const result = apply({ streamNames: ['${stream}', '[[single]]', 'extra', '${single:raw}'] });
    expect(result.streamNames).toEqual(['nS4kq-main', 'nS4kq-backup', 'nS4kq-solo', 'extra']);
  });

  it('splits glob-style {a,b} values and comma lists', () => {
    expect(apply({ tags: ['{live,sports}'] }).tags).toEqual(['live', 'sports']);
    expect(apply({ tags: ['news, weather'] }).tags).toEqual(['news', 'weather']);
  });

  it('drops the whole filter when a variable is set to All', () => {
    expect(apply({ streamNames: ['$everything', 'extra'] }).streamNames).toEqual([]);
    expect(apply({ tags: ['$star'] }).tags).toEqual([]);
  });

  it('lets a repeated panel value win over the variable', () => {
    const scoped = { everything: { text: 'nS4kq-rep', value: 'nS4kq-rep' } };
    expect(apply({ streamNames: ['$everything'] }, scoped).streamNames).toEqual(['nS4kq-rep']);
  });

  it('removes empty values and duplicates', () => {
    expect(apply({ streamNames: ['$empty', '', '$single', 'nS4kq-solo'] }).streamNames).toEqual(['nS4kq-solo']);
  });

  it('upper-cases country codes', () => {
    expect(apply({ countries: ['$country', 'fr'] }).countries).toEqual(['DE', 'AT', 'FR']);
  });

  it('keeps absent lists absent and leaves the other fields alone', () => {
    const result = apply({ queryType: 'byteUsage', interval: 'hour', delta: true });
    expect(result).toEqual({
      refId: 'A',
      queryType: 'byteUsage',
      interval: 'hour',
      delta: true,
      streamNames: undefined,
      tags: undefined,
      countries: undefined,
    });
  });

  it('passes the options of the new query types unchanged and interpolates their filters', () => {
    const breakdown = apply({
      queryType: 'usageBreakdown',
      term: 'referrer',
      direction: 'total',
      limit: 25,
      countries: ['$country'],
    });
    expect(breakdown).toMatchObject({ term: 'referrer', direction: 'total', limit: 25, countries: ['DE', 'AT'] });
    const success = apply({
      queryType: 'playbackStartSuccess',
      view: 'timeseries',
      splitBy: 'tag',
      limit: 5,
      tags: ['$tag'],
    });
    expect(success).toMatchObject({ view: 'timeseries', splitBy: 'tag', limit: 5, tags: ['live', 'sports'] });
    expect(apply({ queryType: 'ingestAlerts', view: 'count', streamNames: ['$stream'] })).toMatchObject({
      view: 'count',
      streamNames: ['nS4kq-main', 'nS4kq-backup'],
    });
  });

  describe('the fields dashboards fill from variables', () => {
    const withVariables = new DataSource(
      instanceSettings(),
      fakeTemplateSrv({
        direction: 'total',
        term: 'country',
        top: '25',
        split: 'stream',
        view: 'count',
        series: 'errors',
        interval: 'hour',
        severity: ['critical', 'moderate'],
        everySeverity: '$__all',
        directions: ['playout', 'ingest'],
        notANumber: 'many',
        empty: '',
      })
    );
    const applyVars = (q: Partial<NanoQuery>) => withVariables.applyTemplateVariables(query(q), {});

    it('interpolates the direction, term and limit of a breakdown, as the Breakdown dashboard stores them', () => {
      const limit = '$top' as unknown as number; // a limit from a variable is stored as text
      expect(
        applyVars({ queryType: 'usageBreakdown', term: '$term' as never, direction: '$direction' as never, limit })
      ).toMatchObject({ term: 'country', direction: 'total', limit: 25 });
      expect(applyVars({ queryType: 'usageBreakdown', direction: '${direction:raw}' as never }).direction).toBe(
        'total'
      );
    });

    it('interpolates the view, split, series and interval', () => {
      expect(
        applyVars({
          queryType: 'playbackStartSuccess',
          view: '$view' as never,
          splitBy: '$split' as never,
          series: '$series' as never,
          interval: '$interval' as never,
        })
      ).toMatchObject({ view: 'count', splitBy: 'stream', series: 'errors', interval: 'hour' });
    });

    it('interpolates the severities as a list, and drops them at All', () => {
      expect(applyVars({ queryType: 'ingestAlerts', severities: ['$severity'] }).severities).toEqual([
        'critical',
        'moderate',
      ]);
      expect(applyVars({ queryType: 'ingestAlerts', severities: ['$everySeverity'] }).severities).toEqual([]);
      expect(applyVars({ queryType: 'ingestAlerts', severities: ['critical'] }).severities).toEqual(['critical']);
    });

    it('leaves what the backend refuses for it to name: several values of a choice, a limit that is no number', () => {
      expect(applyVars({ queryType: 'usageBreakdown', direction: '$directions' as never }).direction).toBe(
        'playout,ingest'
      );
      expect(applyVars({ queryType: 'usageBreakdown', limit: '$notANumber' as unknown as number }).limit).toBe('many');
      expect(applyVars({ queryType: 'usageBreakdown', limit: '$empty' as unknown as number }).limit).toBeUndefined();
    });

    it('adds no field the query does not have', () => {
      expect(applyVars({ queryType: 'maxViewers', limit: 5 })).toEqual({
        refId: 'A',
        queryType: 'maxViewers',
        limit: 5,
        streamNames: undefined,
        tags: undefined,
        countries: undefined,
      });
      expect(Object.keys(applyVars({ queryType: 'maxViewers' }))).not.toContain('severities');
    });
  });

  it('interpolates queries for Explore and keeps the data source reference', () => {
    const [result] = ds.interpolateVariablesInQueries([query({ tags: ['$tag'] })], {});
    expect(result.tags).toEqual(['live', 'sports']);
    expect(result.datasource).toEqual({ type: 'nanostream-analytics-datasource', uid: 'nano-uid' });
  });

  it('offers the dashboard variables as $names', () => {
    expect(ds.getVariableNames()).toEqual(['$stream', '$single', '$tag', '$country', '$everything', '$star', '$empty']);
  });
});

describe('annotations', () => {
  const annotation = (overrides: Partial<AnnotationQuery<NanoQuery>> = {}): AnnotationQuery<NanoQuery> => ({
    name: 'Ingest alerts',
    enable: true,
    iconColor: 'red',
    datasource: { type: 'nanostream-analytics-datasource', uid: 'nano-uid' },
    ...overrides,
  });

  it('supports annotations with the query editor, starting from the ingest alerts as annotations', () => {
    const support = newDataSource().annotations;
    expect(support).toBeDefined();
    // No editor of its own: Grafana's annotation editor uses the query editor, and the standard processing
    // turns the frame's time, timeEnd, title, text and tags into events.
    expect(support?.QueryEditor).toBeUndefined();
    expect(support?.processEvents).toBeUndefined();
    expect(support?.prepareQuery).toBeUndefined();
    expect(support?.getDefaultQuery?.()).toEqual({ queryType: 'ingestAlerts', view: 'annotations' });
  });

  it('gives a new annotation the default query, so it runs without being edited', () => {
    const prepared = newDataSource().annotations?.prepareAnnotation?.(annotation());
    expect(prepared).toEqual(annotation({ target: { refId: 'Anno', queryType: 'ingestAlerts', view: 'annotations' } }));
  });

  it('keeps an annotation that has a query as the very same object', () => {
    const saved = annotation({
      target: { refId: 'Anno', queryType: 'ingestAlerts', view: 'annotations', tags: ['x'] },
    });
    expect(newDataSource().annotations?.prepareAnnotation?.(saved)).toBe(saved);
    const other = annotation({ target: { refId: 'Anno', queryType: 'maxViewers' } });
    expect(newDataSource().annotations?.prepareAnnotation?.(other)).toBe(other);
    // schema v2 dashboards hold the query in query.spec
    const v2 = annotation({ query: { kind: 'nanostream-analytics-datasource', spec: { queryType: 'ingestAlerts' } } });
    expect(newDataSource().annotations?.prepareAnnotation?.(v2)).toBe(v2);
  });
});

describe('resources', () => {
  it('reads stream names from the streams resource without Grafana error toasts', async () => {
    fetchMock.mockReturnValue(of({ data: { streams: [{ name: 'nS4kq-main', bytes: 123 }] } }));

    await expect(newDataSource().getStreams()).resolves.toEqual([{ name: 'nS4kq-main', bytes: 123 }]);
    expect(fetchMock).toHaveBeenCalledWith(
      expect.objectContaining({
        method: 'GET',
        url: '/api/datasources/uid/nano-uid/resources/streams',
        showErrorAlert: false,
      })
    );
  });

  it('reads countries from the countries resource', async () => {
    fetchMock.mockReturnValue(of({ data: { countries: [{ code: 'DE', name: 'Germany' }] } }));
    await expect(newDataSource().getCountries()).resolves.toEqual([{ code: 'DE', name: 'Germany' }]);
    expect(fetchMock.mock.calls[0][0].url).toBe('/api/datasources/uid/nano-uid/resources/countries');
  });

  it('treats a body without the expected list as empty', async () => {
    fetchMock.mockReturnValue(of({ data: {} }));
    await expect(newDataSource().getStreams()).resolves.toEqual([]);
  });

  it('turns the backend error body into the error message', async () => {
    fetchMock.mockReturnValue(throwError(() => ({ status: 401, data: { error: 'The API key was rejected.' } })));
    await expect(newDataSource().getStreams()).rejects.toThrow('The API key was rejected.');
  });

  it('falls back to the HTTP status when the body says nothing', async () => {
    fetchMock.mockReturnValue(throwError(() => ({ status: 502, data: '<html>Bad Gateway</html>' })));
    await expect(newDataSource().getCountries()).rejects.toThrow('Could not load countries (HTTP 502)');
  });
});

describe('variables', () => {
  it('lists countries as "Name (CODE)" with the code as value', async () => {
    fetchMock.mockReturnValue(
      of({
        data: {
          countries: [
            { code: 'DE', name: 'Germany' },
            { code: 'XK', name: '' },
          ],
        },
      })
    );
    await expect(newDataSource().metricFindQuery({ kind: 'countries' })).resolves.toEqual([
      { text: 'Germany (DE)', value: 'DE' },
      { text: 'XK', value: 'XK' },
    ]);
  });

  it('lists streams by name, also for a bare string query and by default', async () => {
    fetchMock.mockReturnValue(of({ data: { streams: [{ name: 'nS4kq-main', bytes: 1 }] } }));
    const ds = newDataSource();
    await expect(ds.metricFindQuery({ kind: 'streams' })).resolves.toEqual([
      { text: 'nS4kq-main', value: 'nS4kq-main' },
    ]);
    await expect(ds.metricFindQuery('streams')).resolves.toHaveLength(1);
    await expect(ds.metricFindQuery({})).resolves.toHaveLength(1);
    expect(fetchMock.mock.calls.every(([req]) => req.url.endsWith('/resources/streams'))).toBe(true);
  });

  it('names the compared months for panel titles', async () => {
    fetchMock.mockReturnValue(of({ data: { months: '10/26 – 11/26', previousWindow: '1–23 Oct 2026' } }));
    await expect(newDataSource().metricFindQuery({ kind: 'months' })).resolves.toEqual([
      { text: '10/26 – 11/26', value: '10/26 – 11/26' },
    ]);
    expect(fetchMock.mock.calls[0][0].url).toMatch(/\/resources\/months$/);
  });

  it('lists the top keys of a breakdown over the time range through the keys resource', async () => {
    fetchMock.mockReturnValue(
      of({ data: { keys: [{ key: 'DE', name: 'Germany', bytes: 9 }, { key: 'AT', bytes: 3 }, { key: '' }] } })
    );
    const range = { from: dateTime(1_700_000_000_000), to: dateTime(1_700_086_400_000), raw: { from: '', to: '' } };
    const values = await newDataSource().metricFindQuery(
      { kind: 'topKeys', term: 'country', direction: 'total', limit: 5 },
      { range }
    );
    expect(values).toEqual([
      { text: 'Germany (DE)', value: 'DE' },
      { text: 'AT', value: 'AT' },
    ]);
    expect(fetchMock).toHaveBeenCalledWith(
      expect.objectContaining({
        method: 'GET',
        url: '/api/datasources/uid/nano-uid/resources/keys',
        params: { term: 'country', direction: 'total', limit: '5', from: '1700000000000', to: '1700086400000' },
        showErrorAlert: false,
      })
    );
  });

  it('asks for the default top keys without a time range, and reads an odd body as empty', async () => {
    fetchMock.mockReturnValue(of({ data: { keys: 'nope' } }));
    await expect(newDataSource().metricFindQuery('topKeys')).resolves.toEqual([]);
    expect(fetchMock.mock.calls[0][0].params).toEqual({ term: 'stream', direction: 'playout', limit: '20' });
  });

  it('turns a failing keys resource into its error message', async () => {
    fetchMock.mockReturnValue(throwError(() => ({ status: 403, data: { error: 'The access level is too low.' } })));
    await expect(newDataSource().metricFindQuery({ kind: 'topKeys' })).rejects.toThrow('The access level is too low.');
  });

  it('runs a top keys variable over the dashboard time range', async () => {
    fetchMock.mockReturnValue(of({ data: { keys: [{ key: 'example.com', bytes: 1 }] } }));
    const ds = newDataSource();
    const range = { from: dateTime(1000), to: dateTime(2000), raw: { from: '', to: '' } };
    const request = {
      targets: [{ refId: 'V', kind: 'topKeys', term: 'referrer', direction: 'playout', limit: 20 }],
      range,
    } as unknown as DataQueryRequest<NanoVariableQuery>;
    const response = await lastValueFrom((ds.variables as NanoVariableSupport).query(request));
    expect(dataFrameToJSON(response.data[0]).data?.values).toEqual([['example.com'], ['example.com']]);
    expect(fetchMock.mock.calls[0][0].params).toEqual({
      term: 'referrer',
      direction: 'playout',
      limit: '20',
      from: '1000',
      to: '2000',
    });
  });

  it('answers a variable query with a text/value frame', async () => {
    fetchMock.mockReturnValue(of({ data: { countries: [{ code: 'AT', name: 'Austria' }] } }));
    const ds = newDataSource();
    expect(ds.variables).toBeInstanceOf(NanoVariableSupport);

    const request = { targets: [{ refId: 'V', kind: 'countries' }] } as DataQueryRequest<NanoVariableQuery>;
    const response = await lastValueFrom((ds.variables as NanoVariableSupport).query(request));
    const frame = dataFrameToJSON(response.data[0]);
    expect(frame.schema?.fields.map((f) => f.name)).toEqual(['text', 'value']);
    expect(frame.data?.values).toEqual([['Austria (AT)'], ['AT']]);
  });
});
