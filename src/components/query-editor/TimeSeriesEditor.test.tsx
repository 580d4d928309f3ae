import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { selectors } from '../../selectors';
import { renderTypeEditor } from '../../test/queryTypeEditor';
import { TimeSeriesEditor } from './TimeSeriesEditor';

describe('TimeSeriesEditor', () => {
  it('shows the filters and the interval, without a delta switch or a view', () => {
    renderTypeEditor(TimeSeriesEditor);
    expect(screen.getByLabelText(/^Streams/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Countries/)).toBeInTheDocument();
    expect(screen.getByRole('radiogroup', { name: selectors.queryEditor.interval.ariaLabel })).toBeInTheDocument();
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
    expect(screen.queryByRole('radiogroup', { name: selectors.queryEditor.view.ariaLabel })).not.toBeInTheDocument();
  });

  it('reports the interval and a picked stream as changes', async () => {
    const { onChange } = renderTypeEditor(TimeSeriesEditor);
    await userEvent.click(screen.getByRole('radio', { name: 'Hour' }));
    expect(onChange).toHaveBeenLastCalledWith({ interval: 'hour' });
    await userEvent.click(screen.getByLabelText(/^Streams/));
    await userEvent.click(await screen.findByText('nS4kq-main'));
    expect(onChange).toHaveBeenLastCalledWith({ streamNames: ['nS4kq-main'] });
  });
});
