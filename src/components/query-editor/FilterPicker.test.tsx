import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { FilterKey } from '../../types';
import { FilterPicker } from './FilterPicker';
import { FilterOptionList } from './types';

const LIST: FilterOptionList = {
  options: [
    { value: '$region', label: '$region', description: 'Dashboard variable' },
    { value: 'DE', label: 'Germany (DE)' },
  ],
  loading: false,
};

function setup(filter: FilterKey, initial: string[] = [], list: FilterOptionList = LIST) {
  const onChange = jest.fn();
  function Harness() {
    const [values, setValues] = useState(initial);
    return (
      <FilterPicker
        filter={filter}
        values={values}
        list={list}
        onChange={(next) => {
          onChange(next);
          setValues(next);
        }}
      />
    );
  }
  render(<Harness />);
  return { onChange };
}

describe('FilterPicker', () => {
  it('labels each filter with its own copy', () => {
    setup('streamNames');
    expect(screen.getByLabelText(/^Streams/)).toBeInTheDocument();
    expect(screen.getByText('All streams')).toBeInTheDocument();
  });

  it('picks an option by its label and reports its value', async () => {
    const { onChange } = setup('countries');
    await userEvent.click(screen.getByLabelText(/^Countries/));
    await userEvent.click(await screen.findByText('Germany (DE)'));
    expect(onChange).toHaveBeenLastCalledWith(['DE']);
  });

  it('keeps typed values trimmed, country codes upper-cased and variables as they are', async () => {
    const { onChange } = setup('countries', ['$region']);
    await userEvent.type(screen.getByLabelText(/^Countries/), 'fr {enter}');
    expect(onChange).toHaveBeenLastCalledWith(['$region', 'FR']);
  });

  it('keeps the case of typed tags', async () => {
    const { onChange } = setup('tags');
    expect(screen.getByText('Any tags')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Tags/), 'Sports{enter}');
    expect(onChange).toHaveBeenLastCalledWith(['Sports']);
  });

  it('shows a saved value that is not among the options', () => {
    setup('streamNames', ['gone-stream']);
    expect(screen.getByText('gone-stream')).toBeInTheDocument();
  });

  it('shows the error of a list that failed to load', () => {
    setup('streamNames', [], { options: [], loading: false, error: 'Could not load streams.' });
    expect(screen.getByText('Could not load streams.')).toBeInTheDocument();
  });
});
