import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { QUERY_TYPES } from '../../copy';
import { selectors } from '../../selectors';
import { QueryTypePicker } from './QueryTypePicker';

describe('QueryTypePicker', () => {
  it('offers every query type and describes the chosen one', () => {
    render(<QueryTypePicker value="byteUsage" onChange={jest.fn()} />);
    const group = screen.getByRole('radiogroup', { name: selectors.queryEditor.queryType.ariaLabel });
    expect(group).toBeInTheDocument();
    for (const type of QUERY_TYPES) {
      expect(screen.getByRole('radio', { name: type.label })).toBeInTheDocument();
    }
    expect(screen.getByRole('radio', { name: 'Byte usage' })).toBeChecked();
    expect(screen.getByTestId(selectors.queryEditor.queryTypeDescription.testId)).toHaveTextContent(
      'Bytes sent to players (playout) and received from encoders (ingest) in each time bucket.'
    );
  });

  it('reports the picked type', async () => {
    const onChange = jest.fn();
    render(<QueryTypePicker value="maxViewers" onChange={onChange} />);
    await userEvent.click(screen.getByRole('radio', { name: 'Month to date' }));
    expect(onChange).toHaveBeenCalledWith('monthToDate');
  });
});
