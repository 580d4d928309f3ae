import React, { useState } from 'react';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { DataSource } from '../datasource';
import { selectors } from '../selectors';
import { fakeTemplateSrv, instanceSettings } from '../test/helpers';
import { pickFromSelect } from '../test/select';
import { describeQueryType } from '../helpers';
import { NanoQuery, QueryType } from '../types';
import { QueryEditor } from './QueryEditor';

const STREAMS = [
  { name: 'nS4kq-main', bytes: 12_300_000_000 },
  { name: 'nS4kq-backup', bytes: 4_000_000 },
];
const COUNTRIES = [
  { code: 'DE', name: 'Germany' },
  { code: 'AT', name: 'Austria' },
];

function newDataSource() {
  const ds = new DataSource(instanceSettings(), fakeTemplateSrv({ stream: ['a', 'b'], region: 'DE' }));
  jest.spyOn(ds, 'getStreams').mockResolvedValue(STREAMS);
  jest.spyOn(ds, 'getCountries').mockResolvedValue(COUNTRIES);
  return ds;
}

// Holds the query like a panel does, so successive edits build on each other.
async function setup(initial: Partial<NanoQuery> = {}, datasource = newDataSource()) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  function Harness() {
    const [query, setQuery] = useState<NanoQuery>({ refId: 'A', ...initial });
    return (
      <QueryEditor
        query={query}
        datasource={datasource}
        onChange={(next) => {
          onChange(next);
          setQuery(next);
        }}
        onRunQuery={onRunQuery}
      />
    );
  }
  // The pickers load their lists on mount; let those promises settle inside act().
  await act(async () => {
    render(<Harness />);
  });
  const last = (): NanoQuery => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  return { onChange, onRunQuery, last, datasource };
}

const pickType = (label: string) => pickFromSelect(selectors.queryEditor.queryType.ariaLabel, label);

async function openPicker(label: RegExp) {
  const input = screen.getByLabelText(label);
  await userEvent.click(input);
  return input;
}

describe('QueryEditor', () => {
  it('shows the default query type with its description and the interval picker', async () => {
    await setup();
    expect(screen.getByRole('combobox', { name: selectors.queryEditor.queryType.ariaLabel })).toBeInTheDocument();
    expect(screen.getByText('Max viewers')).toBeInTheDocument();
    expect(screen.getByTestId(selectors.queryEditor.queryTypeDescription.testId)).toHaveTextContent(
      'concurrent H5Live viewers'
    );
    expect(screen.getByRole('radio', { name: 'Auto' })).toBeChecked();
    expect(screen.getByRole('switch', { name: 'Change vs. previous' })).not.toBeChecked();
    expect(screen.queryByRole('radio', { name: 'Summary' })).not.toBeInTheDocument();
  });

  it('switches the query type and runs the query', async () => {
    const { last, onRunQuery } = await setup();
    await pickType('Byte usage');
    expect(last()).toEqual({ refId: 'A', queryType: 'byteUsage' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId(selectors.queryEditor.queryTypeDescription.testId)).toHaveTextContent('playout');
    expect(screen.queryByRole('switch', { name: 'Change vs. previous' })).not.toBeInTheDocument();
  });

  it('offers the month-to-date views for month to date, without an interval', async () => {
    const { last } = await setup({ queryType: 'monthToDate' });
    expect(screen.getByRole('radio', { name: 'Summary' })).toBeChecked();
    expect(screen.queryByRole('radio', { name: 'Hour' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Trend' }));
    expect(last().view).toBe('trend');
  });

  it('sets the interval and the delta switch', async () => {
    const { last, onRunQuery } = await setup();
    await userEvent.click(screen.getByRole('radio', { name: 'Hour' }));
    expect(last().interval).toBe('hour');
    await userEvent.click(screen.getByRole('switch', { name: 'Change vs. previous' }));
    expect(last()).toMatchObject({ interval: 'hour', delta: true });
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });

  it('picks streams from the resource list, with their traffic', async () => {
    const { last, onRunQuery } = await setup();
    await openPicker(/^Streams/);
    expect(await screen.findByText('12.3 GB in the last 30 days')).toBeInTheDocument();
    await userEvent.click(screen.getByText('nS4kq-backup'));
    expect(last().streamNames).toEqual(['nS4kq-backup']);
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('offers dashboard variables and accepts custom stream names', async () => {
    const { last } = await setup({ streamNames: ['nS4kq-main'] });
    const input = await openPicker(/^Streams/);
    await userEvent.click(await screen.findByText('$stream'));
    expect(last().streamNames).toEqual(['nS4kq-main', '$stream']);

    await userEvent.type(input, 'nS4kq-other{enter}');
    expect(last().streamNames).toEqual(['nS4kq-main', '$stream', 'nS4kq-other']);
  });

  it('shows saved values that are not in the list', async () => {
    await setup({ streamNames: ['gone-stream'], tags: ['live'], countries: ['$region'] });
    expect(screen.getByText('gone-stream')).toBeInTheDocument();
    expect(screen.getByText('live')).toBeInTheDocument();
    expect(screen.getByText('$region')).toBeInTheDocument();
  });

  it('takes free-form tags', async () => {
    const { last } = await setup();
    await userEvent.type(screen.getByLabelText(/^Tags/), 'sports{enter}');
    await userEvent.type(screen.getByLabelText(/^Tags/), 'live{enter}');
    expect(last().tags).toEqual(['sports', 'live']);
  });

  it('labels countries by name and stores their codes', async () => {
    const { last } = await setup();
    await openPicker(/^Countries/);
    await userEvent.click(await screen.findByText('Germany (DE)'));
    expect(last().countries).toEqual(['DE']);
  });

  it('upper-cases a typed country code', async () => {
    const { last } = await setup();
    await userEvent.type(screen.getByLabelText(/^Countries/), 'fr{enter}');
    expect(last().countries).toEqual(['FR']);
  });

  it('shows a failed resource load inline and keeps working', async () => {
    const ds = newDataSource();
    jest.spyOn(ds, 'getStreams').mockRejectedValue(new Error('The API key was rejected.'));
    const { last } = await setup({}, ds);
    expect(await screen.findByText('The API key was rejected.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Streams/), 'nS4kq-main{enter}');
    expect(last().streamNames).toEqual(['nS4kq-main']);
  });

  it('shows the editor of each query type, with the filters they share', async () => {
    await setup({ queryType: 'monthToDate' });
    expect(screen.getByRole('radiogroup', { name: selectors.queryEditor.view.ariaLabel })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Streams/)).toBeInTheDocument();
    await pickType('Max viewers');
    expect(screen.getByRole('radiogroup', { name: selectors.queryEditor.interval.ariaLabel })).toBeInTheDocument();
    expect(screen.queryByRole('radiogroup', { name: selectors.queryEditor.view.ariaLabel })).not.toBeInTheDocument();
  });

  it('loads the stream and country lists once, whatever the query type', async () => {
    const { datasource } = await setup();
    await pickType('Byte usage');
    await pickType('Month to date');
    await pickType('Usage breakdown');
    expect(datasource.getStreams).toHaveBeenCalledTimes(1);
    expect(datasource.getCountries).toHaveBeenCalledTimes(1);
  }, 20_000);

  it('keeps the picker of a query type it does not know', async () => {
    await setup({ queryType: 'fromTheFuture' as never });
    expect(screen.getByTestId(selectors.queryEditor.queryTypeDescription.testId)).toHaveTextContent(
      'This version of the plugin does not know this query type.'
    );
    expect(screen.getByRole('combobox', { name: selectors.queryEditor.queryType.ariaLabel })).toBeInTheDocument();
    expect(screen.getByText('fromTheFuture')).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Streams/)).not.toBeInTheDocument();
  });

  // Which of its own fields each new query type shows (the radio group's accessible name), and which not.
  it.each([
    ['Ingest alerts', 'ingestAlerts', selectors.queryEditor.view.ariaLabel, selectors.queryEditor.interval.ariaLabel],
    [
      'Usage breakdown',
      'usageBreakdown',
      selectors.queryEditor.term.ariaLabel,
      selectors.queryEditor.interval.ariaLabel,
    ],
    ['Playback start success', 'playbackStartSuccess', selectors.queryEditor.splitBy.ariaLabel, undefined],
    ['Playback start errors', 'playbackStartErrors', undefined, selectors.queryEditor.interval.ariaLabel],
    [
      'Buffering ratio',
      'bufferingRatio',
      selectors.queryEditor.interval.ariaLabel,
      selectors.queryEditor.view.ariaLabel,
    ],
    ['Startup time', 'startupTime', selectors.queryEditor.interval.ariaLabel, selectors.queryEditor.view.ariaLabel],
  ])('switches to %s (%s) with its own options', async (label, queryType, shown, hidden) => {
    const { last, onRunQuery } = await setup();
    await pickType(label);
    expect(last()).toEqual({ refId: 'A', queryType });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId(selectors.queryEditor.queryTypeDescription.testId)).toHaveTextContent(
      describeQueryType(queryType as QueryType)
    );
    expect(screen.getByLabelText(/^Streams/)).toBeInTheDocument();
    if (shown) {
      expect(screen.getByRole('radiogroup', { name: shown })).toBeInTheDocument();
    }
    if (hidden) {
      expect(screen.queryByRole('radiogroup', { name: hidden })).not.toBeInTheDocument();
    }
  });

  it('drops a view or limit the new query type would reject and keeps the rest', async () => {
    const { last } = await setup({ queryType: 'monthToDate', view: 'trend', streamNames: ['nS4kq-main'] });
    await pickType('Ingest alerts');
    expect(last()).toEqual({ refId: 'A', queryType: 'ingestAlerts', streamNames: ['nS4kq-main'] });
    expect(screen.getByRole('radio', { name: 'Table' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Count' }));
    await pickType('Usage breakdown');
    await userEvent.type(screen.getByLabelText(/^Top/), '500{enter}');
    expect(last()).toMatchObject({ queryType: 'usageBreakdown', limit: 500 });
    expect(last().view).toBeUndefined();
    await pickType('Playback start success');
    expect(last()).toEqual({ refId: 'A', queryType: 'playbackStartSuccess', streamNames: ['nS4kq-main'] });
  }, 20_000);

  it('edits an annotation query, starting from the ingest alerts as annotations', async () => {
    const datasource = newDataSource();
    // Grafana's annotation editor hands over the default query with the refId of annotations.
    const { last } = await setup({ refId: 'Anno', ...datasource.annotations?.getDefaultQuery?.() }, datasource);
    expect(screen.getByText('Ingest alerts')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Annotations' })).toBeChecked();
    await userEvent.type(screen.getByLabelText(/^Tags/), 'sports{enter}');
    expect(last()).toEqual({ refId: 'Anno', queryType: 'ingestAlerts', view: 'annotations', tags: ['sports'] });
  });
});
