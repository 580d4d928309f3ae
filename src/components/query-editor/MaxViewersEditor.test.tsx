import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { selectors } from '../../selectors';
import { renderTypeEditor } from '../../test/queryTypeEditor';
import { MaxViewersEditor } from './MaxViewersEditor';

describe('MaxViewersEditor', () => {
  it('shows the filters, the interval and the delta switch', () => {
    renderTypeEditor(MaxViewersEditor);
    expect(screen.getByLabelText(/^Streams/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Tags/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Countries/)).toBeInTheDocument();
    expect(screen.getByRole('radiogroup', { name: selectors.queryEditor.interval.ariaLabel })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Auto' })).toBeChecked();
    expect(screen.getByRole('switch', { name: 'Change vs. previous' })).not.toBeChecked();
  });

  it('reports the interval and the delta switch as changes', async () => {
    const { onChange, query } = renderTypeEditor(MaxViewersEditor, { interval: 'day' });
    expect(screen.getByRole('radio', { name: 'Day' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Minute' }));
    expect(onChange).toHaveBeenLastCalledWith({ interval: 'minute' });
    await userEvent.click(screen.getByRole('switch', { name: 'Change vs. previous' }));
    expect(onChange).toHaveBeenLastCalledWith({ delta: true });
    expect(query()).toEqual({ refId: 'A', interval: 'minute', delta: true });
  });
});
