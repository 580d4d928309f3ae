import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { DIRECTIONS, TERMS } from '../../copy';
import { selectors } from '../../selectors';
import { renderTypeEditor } from '../../test/queryTypeEditor';
import { UsageBreakdownEditor } from './UsageBreakdownEditor';

// Several clicks and typed keys through the real @grafana/ui in jsdom: slow on a busy machine.
jest.setTimeout(15_000);

describe('UsageBreakdownEditor', () => {
  it('shows the filters, the term, the direction and the top N with their defaults, without an interval', () => {
    renderTypeEditor(UsageBreakdownEditor, { queryType: 'usageBreakdown' });
    expect(screen.getByLabelText(/^Streams/)).toBeInTheDocument();
    expect(screen.getByRole('radiogroup', { name: selectors.queryEditor.term.ariaLabel })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Stream' })).toBeChecked();
    expect(screen.getByRole('radiogroup', { name: selectors.queryEditor.direction.ariaLabel })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Playout' })).toBeChecked();
    expect(screen.getByLabelText(/^Top/)).toHaveAttribute('placeholder', '10');
    for (const choice of [...TERMS, ...DIRECTIONS]) {
      expect(screen.getByRole('radio', { name: choice.label })).toBeInTheDocument();
    }
    expect(
      screen.queryByRole('radiogroup', { name: selectors.queryEditor.interval.ariaLabel })
    ).not.toBeInTheDocument();
  });

  it('reports the term, the direction and the limit', async () => {
    const { onChange, query } = renderTypeEditor(UsageBreakdownEditor, { queryType: 'usageBreakdown' });
    await userEvent.click(screen.getByRole('radio', { name: 'Referrer' }));
    expect(onChange).toHaveBeenLastCalledWith({ term: 'referrer' });
    await userEvent.click(screen.getByRole('radio', { name: 'Total' }));
    expect(onChange).toHaveBeenLastCalledWith({ direction: 'total' });
    await userEvent.type(screen.getByLabelText(/^Top/), '1000');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith({ limit: 1000 });
    expect(query()).toEqual({
      refId: 'A',
      queryType: 'usageBreakdown',
      term: 'referrer',
      direction: 'total',
      limit: 1000,
    });
  });

  it.each(['0', '1001', '2.5'])('refuses the limit %s with an inline message', async (typed) => {
    const { onChange } = renderTypeEditor(UsageBreakdownEditor, { queryType: 'usageBreakdown' });
    await userEvent.type(screen.getByLabelText(/^Top/), `${typed}{enter}`);
    expect(screen.getByText('Enter a whole number from 1 to 1000.')).toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('shows a saved limit out of bounds with the message, and an emptied limit goes back to the default', async () => {
    const { onChange } = renderTypeEditor(UsageBreakdownEditor, { queryType: 'usageBreakdown', limit: 5000 });
    expect(screen.getByText('Enter a whole number from 1 to 1000.')).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText(/^Top/));
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith({ limit: undefined });
    expect(screen.queryByText('Enter a whole number from 1 to 1000.')).not.toBeInTheDocument();
  });
});
