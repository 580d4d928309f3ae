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
});
