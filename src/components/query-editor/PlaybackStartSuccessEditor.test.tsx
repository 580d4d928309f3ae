import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { QUERY_FIELDS, SERIES, SPLITS } from '../../copy';
import { selectors } from '../../selectors';
import { renderTypeEditor } from '../../test/queryTypeEditor';
import { PlaybackStartSuccessEditor } from './PlaybackStartSuccessEditor';

const splitGroup = () => screen.queryByRole('radiogroup', { name: selectors.queryEditor.splitBy.ariaLabel });
const seriesGroup = () => screen.queryByRole('radiogroup', { name: selectors.queryEditor.series.ariaLabel });
const intervalGroup = () => screen.queryByRole('radiogroup', { name: selectors.queryEditor.interval.ariaLabel });

// Several clicks and typed keys through the real @grafana/ui in jsdom: slow on a busy machine.
jest.setTimeout(15_000);

describe('PlaybackStartSuccessEditor', () => {
  it('starts as an unsplit time series: filters, view, interval and split, without a series limit', () => {
    renderTypeEditor(PlaybackStartSuccessEditor, { queryType: 'playbackStartSuccess' });
    expect(screen.getByLabelText(/^Streams/)).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Time series' })).toBeChecked();
    expect(intervalGroup()).toBeInTheDocument();
    expect(splitGroup()).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'None' })).toBeChecked();
    for (const split of SPLITS) {
      expect(screen.getByRole('radio', { name: split.label })).toBeInTheDocument();
    }
    expect(screen.queryByLabelText(/^Series/)).not.toBeInTheDocument();
  });

  it('splits by tag with a series limit whose default is 10', async () => {
    const { onChange, query } = renderTypeEditor(PlaybackStartSuccessEditor, { queryType: 'playbackStartSuccess' });
    await userEvent.click(screen.getByRole('radio', { name: 'Tag' }));
    expect(onChange).toHaveBeenLastCalledWith({ splitBy: 'tag' });
    const limit = screen.getByLabelText(/^Series/);
    expect(limit).toHaveValue(null);
    expect(limit).toHaveAttribute('placeholder', '10');
    await userEvent.type(limit, '25{enter}');
    expect(onChange).toHaveBeenLastCalledWith({ limit: 25 });
    await userEvent.click(screen.getByRole('radio', { name: 'Hour' }));
    expect(query()).toEqual({
      refId: 'A',
      queryType: 'playbackStartSuccess',
      splitBy: 'tag',
      limit: 25,
      interval: 'hour',
    });
  });

  it('refuses a series limit above 100 with an inline message and keeps the query', async () => {
    const { onChange } = renderTypeEditor(PlaybackStartSuccessEditor, {
      queryType: 'playbackStartSuccess',
      splitBy: 'country',
    });
    const limit = screen.getByLabelText(/^Series/);
    await userEvent.type(limit, '500');
    expect(screen.getByText('Enter a whole number from 1 to 100.')).toBeInTheDocument();
    await userEvent.tab();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('names the value alert rules read, the success ratio by default, and says so in its tooltip', async () => {
    const { onChange, query } = renderTypeEditor(PlaybackStartSuccessEditor, {
      queryType: 'playbackStartSuccess',
      splitBy: 'stream',
    });
    expect(seriesGroup()).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Success ratio' })).toBeChecked();
    for (const series of SERIES) {
      expect(screen.getByRole('radio', { name: series.label })).toBeInTheDocument();
    }
    expect(QUERY_FIELDS.series.tooltip).toMatch(/alert rules/);
    await userEvent.hover(screen.getByText(QUERY_FIELDS.series.label).parentElement!.querySelector('svg')!);
    expect(await screen.findByText(QUERY_FIELDS.series.tooltip)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Failed starts' }));
    expect(onChange).toHaveBeenLastCalledWith({ series: 'errors' });
    await userEvent.click(screen.getByRole('radio', { name: 'Playback starts' }));
    expect(query()).toEqual({
      refId: 'A',
      queryType: 'playbackStartSuccess',
      splitBy: 'stream',
      series: 'playbackStarts',
    });
  });

  it('shows a saved series', () => {
    renderTypeEditor(PlaybackStartSuccessEditor, { queryType: 'playbackStartSuccess', series: 'errors' });
    expect(screen.getByRole('radio', { name: 'Failed starts' })).toBeChecked();
  });

  it('shows the worst streams as a table: no interval, split or limit', async () => {
    const { onChange } = renderTypeEditor(PlaybackStartSuccessEditor, {
      queryType: 'playbackStartSuccess',
      splitBy: 'stream',
      limit: 5,
    });
    expect(screen.getByLabelText(/^Series/)).toHaveValue(5);
    await userEvent.click(screen.getByRole('radio', { name: 'Worst streams' }));
    expect(onChange).toHaveBeenLastCalledWith({ view: 'worst' });
    expect(intervalGroup()).not.toBeInTheDocument();
    expect(splitGroup()).not.toBeInTheDocument();
    expect(seriesGroup()).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Series/)).not.toBeInTheDocument();
  });
});
