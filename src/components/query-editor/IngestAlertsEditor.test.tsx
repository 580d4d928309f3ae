import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { QUERY_FIELDS, SEVERITIES, VIEWS } from '../../copy';
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
      expect(screen.getByRole('radio', { name: view.label })).toBeInTheDocument();
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

  it('keeps every severity until some are picked, and stores them most severe first', async () => {
    const { onChange, query } = renderTypeEditor(IngestAlertsEditor, { queryType: 'ingestAlerts', view: 'count' });
    const severities = screen.getByLabelText(/^Severities/, { selector: 'input' });
    expect(screen.getByText(QUERY_FIELDS.severities.placeholder)).toBeInTheDocument();
    await userEvent.click(severities);
    const menu = await screen.findByLabelText('Select options menu');
    for (const severity of SEVERITIES) {
      expect(within(menu).getByText(severity.label)).toBeInTheDocument();
      expect(within(menu).getByText(severity.description)).toBeInTheDocument();
    }
    await userEvent.click(within(menu).getByText('Moderate'));
    expect(onChange).toHaveBeenLastCalledWith({ severities: ['moderate'] });
    await userEvent.click(severities);
    await userEvent.click(within(await screen.findByLabelText('Select options menu')).getByText('Critical'));
    expect(onChange).toHaveBeenLastCalledWith({ severities: ['critical', 'moderate'] });
    expect(query()).toEqual({
      refId: 'A',
      queryType: 'ingestAlerts',
      view: 'count',
      severities: ['critical', 'moderate'],
    });
  });

  it('takes a typed dashboard variable as severities', async () => {
    const { onChange } = renderTypeEditor(IngestAlertsEditor, { queryType: 'ingestAlerts' });
    await userEvent.type(screen.getByLabelText(/^Severities/, { selector: 'input' }), '$severity{enter}');
    expect(onChange).toHaveBeenLastCalledWith({ severities: ['$severity'] });
  });

  it('shows saved severities by their labels and clears them to keep every severity', async () => {
    const { onChange } = renderTypeEditor(IngestAlertsEditor, {
      queryType: 'ingestAlerts',
      severities: ['critical', 'advice'],
    });
    expect(screen.getByText('Critical')).toBeInTheDocument();
    expect(screen.getByText('Advice')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /clear/i }));
    expect(onChange).toHaveBeenLastCalledWith({ severities: [] });
  });

  it('shows a saved view', () => {
    renderTypeEditor(IngestAlertsEditor, { queryType: 'ingestAlerts', view: 'count' });
    expect(screen.getByRole('radio', { name: 'Count' })).toBeChecked();
  });
});
