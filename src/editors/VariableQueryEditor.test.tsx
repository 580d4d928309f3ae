import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { DataSource } from '../datasource';
import { selectors } from '../selectors';
import { fakeTemplateSrv, instanceSettings } from '../test/helpers';
import { NanoVariableQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

const datasource = new DataSource(instanceSettings(), fakeTemplateSrv({}));

function setup(query: Partial<NanoVariableQuery> | string) {
  const onChange = jest.fn();
  const props = { datasource, onChange, onRunQuery: jest.fn(), query: query as NanoVariableQuery };
  const view = render(<VariableQueryEditor {...props} />);
  return {
    onChange,
    rerender: (next: NanoVariableQuery) => view.rerender(<VariableQueryEditor {...props} query={next} />),
  };
}

describe('VariableQueryEditor', () => {
  it('stores stream names as the default of a new variable', () => {
    const { onChange } = setup({ refId: 'V' });
    expect(screen.getByRole('radiogroup', { name: selectors.variableEditor.kind.ariaLabel })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Stream names' })).toBeChecked();
    expect(onChange).toHaveBeenCalledWith({ refId: 'V', kind: 'streams' });
  });

  it('switches to countries', async () => {
    const { onChange } = setup({ refId: 'V', kind: 'streams' });
    expect(onChange).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('radio', { name: 'Countries' }));
    expect(onChange).toHaveBeenCalledWith({ refId: 'V', kind: 'countries' });
  });

  it('reads a saved countries variable, also in the bare string form', () => {
    const { rerender } = setup({ refId: 'V', kind: 'countries' });
    expect(screen.getByRole('radio', { name: 'Countries' })).toBeChecked();
    rerender('countries' as unknown as NanoVariableQuery);
    expect(screen.getByRole('radio', { name: 'Countries' })).toBeChecked();
  });

  it('turns a bare string query into the object form', () => {
    const { onChange } = setup('countries');
    expect(onChange).toHaveBeenCalledWith({ refId: 'NanoVariableQuery', kind: 'countries' });
  });

  it('stores the top keys defaults when switching to top keys, and shows their fields', async () => {
    const { onChange, rerender } = setup({ refId: 'V', kind: 'streams' });
    expect(screen.queryByRole('radiogroup', { name: selectors.variableEditor.term.ariaLabel })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Top keys' }));
    const stored = { refId: 'V', kind: 'topKeys', term: 'stream', direction: 'playout', limit: 20 } as const;
    expect(onChange).toHaveBeenLastCalledWith(stored);
    rerender(stored);
    expect(screen.getByRole('radiogroup', { name: selectors.variableEditor.term.ariaLabel })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Stream' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Playout' })).toBeChecked();
    expect(screen.getByLabelText(/^Top$/)).toHaveValue(20);
  });

  it('reports the term, the direction and the limit of top keys', async () => {
    const stored = { refId: 'V', kind: 'topKeys', term: 'stream', direction: 'playout', limit: 20 } as const;
    const { onChange } = setup(stored);
    await userEvent.click(screen.getByRole('radio', { name: 'Referrer' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...stored, term: 'referrer' });
    await userEvent.click(screen.getByRole('radio', { name: 'Ingest' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...stored, direction: 'ingest' });
    const limit = screen.getByLabelText(/^Top$/);
    await userEvent.clear(limit);
    await userEvent.type(limit, '50{enter}');
    expect(onChange).toHaveBeenLastCalledWith({ ...stored, limit: 50 });
  }, 15_000);

  it('refuses a top keys limit above 1000 with an inline message', async () => {
    const { onChange } = setup({ refId: 'V', kind: 'topKeys', term: 'city', direction: 'total', limit: 20 });
    const limit = screen.getByLabelText(/^Top$/);
    await userEvent.clear(limit);
    await userEvent.type(limit, '1001{enter}');
    expect(screen.getByText('Enter a whole number from 1 to 1000.')).toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('turns a bare top keys query into the object form with its defaults', () => {
    const { onChange } = setup('topKeys');
    expect(onChange).toHaveBeenCalledWith({
      refId: 'NanoVariableQuery',
      kind: 'topKeys',
      term: 'stream',
      direction: 'playout',
      limit: 20,
    });
  });

  it('drops the top keys options when switching to another kind', async () => {
    const { onChange } = setup({ refId: 'V', kind: 'topKeys', term: 'ip', direction: 'ingest', limit: 5 });
    await userEvent.click(screen.getByRole('radio', { name: 'Compared months' }));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'V', kind: 'months' });
  });
});
