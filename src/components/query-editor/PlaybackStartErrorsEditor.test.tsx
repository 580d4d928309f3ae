import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { renderTypeEditor } from '../../test/queryTypeEditor';
import { PlaybackStartErrorsEditor } from './PlaybackStartErrorsEditor';

// Several clicks and typed keys through the real @grafana/ui in jsdom: slow on a busy machine.
jest.setTimeout(15_000);

describe('PlaybackStartErrorsEditor', () => {
  it('shows the filters only: the answer covers the whole time range', () => {
    renderTypeEditor(PlaybackStartErrorsEditor, { queryType: 'playbackStartErrors' });
    expect(screen.getByLabelText(/^Streams/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Tags/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Countries/)).toBeInTheDocument();
    expect(screen.queryByRole('radiogroup')).not.toBeInTheDocument();
    expect(screen.queryByRole('spinbutton')).not.toBeInTheDocument();
  });

  it('reports a country filter', async () => {
    const { onChange, query } = renderTypeEditor(PlaybackStartErrorsEditor, { queryType: 'playbackStartErrors' });
    await userEvent.click(screen.getByLabelText(/^Countries/));
    await userEvent.click(await screen.findByText('Germany (DE)'));
    expect(onChange).toHaveBeenLastCalledWith({ countries: ['DE'] });
    expect(query()).toEqual({ refId: 'A', queryType: 'playbackStartErrors', countries: ['DE'] });
  });
});
