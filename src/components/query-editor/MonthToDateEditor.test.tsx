import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { selectors } from '../../selectors';
import { renderTypeEditor } from '../../test/queryTypeEditor';
import { MonthToDateEditor } from './MonthToDateEditor';

describe('MonthToDateEditor', () => {
  it('shows the filters and the view, without an interval', () => {
    renderTypeEditor(MonthToDateEditor);
    expect(screen.getByLabelText(/^Tags/)).toBeInTheDocument();
    expect(screen.getByRole('radiogroup', { name: selectors.queryEditor.view.ariaLabel })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Summary' })).toBeChecked();
    expect(
      screen.queryByRole('radiogroup', { name: selectors.queryEditor.interval.ariaLabel })
    ).not.toBeInTheDocument();
  });

  it('reports the view as a change', async () => {
    const { onChange } = renderTypeEditor(MonthToDateEditor, { view: 'trend' });
    expect(screen.getByRole('radio', { name: 'Trend' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Table' }));
    expect(onChange).toHaveBeenLastCalledWith({ view: 'table' });
  });
});
