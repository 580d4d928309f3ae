import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { VIEWS } from '../../copy';
import { selectors } from '../../selectors';
import { renderTypeEditor } from '../../test/queryTypeEditor';
import { IngestAlertsEditor } from './IngestAlertsEditor';

// Several clicks and typed keys through the real @grafana/ui in jsdom: slow on a busy machine.
jest.setTimeout(15_000);

describe('IngestAlertsEditor', () => {
  it('shows the filters and the view with table as the default, without an interval', () => {
    renderTypeEditor(IngestAlertsEditor, { queryType: 'ingestAlerts' });
    expect(screen.getByLabelText(/^Streams/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Tags/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Countries/)).toBeInTheDocument();
    const views = screen.getByRole('radiogroup', { name: selectors.queryEditor.view.ariaLabel });
    expect(views).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Table' })).toBeChecked();
    for (const view of VIEWS.ingestAlerts) {
      // each choice explains itself in its tooltip
      expect(screen.getByTitle(view.description)).toHaveTextContent(view.label);
    }
    expect(
      screen.queryByRole('radiogroup', { name: selectors.queryEditor.interval.ariaLabel })
    ).not.toBeInTheDocument();
  });

  it('reports the count and annotations views and a stream filter', async () => {
    const { onChange, query } = renderTypeEditor(IngestAlertsEditor, { queryType: 'ingestAlerts' });
    await userEvent.click(screen.getByRole('radio', { name: 'Count' }));
    expect(onChange).toHaveBeenLastCalledWith({ view: 'count' });
    await userEvent.click(screen.getByRole('radio', { name: 'Annotations' }));
    expect(onChange).toHaveBeenLastCalledWith({ view: 'annotations' });
    await userEvent.click(screen.getByLabelText(/^Streams/));
    await userEvent.click(await screen.findByText('nS4kq-main'));
    expect(query()).toEqual({
      refId: 'A',
      queryType: 'ingestAlerts',
      view: 'annotations',
      streamNames: ['nS4kq-main'],
    });
  });

  it('shows a saved view', () => {
    renderTypeEditor(IngestAlertsEditor, { queryType: 'ingestAlerts', view: 'count' });
    expect(screen.getByRole('radio', { name: 'Count' })).toBeChecked();
  });
});
