import React from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { QUERY_TYPES, QUERY_TYPE_GROUPS } from '../../copy';
import { selectors } from '../../selectors';
import { pickFromSelect } from '../../test/select';
import { QueryTypePicker } from './QueryTypePicker';

const NAME = selectors.queryEditor.queryType.ariaLabel;

describe('QueryTypePicker', () => {
  it('shows the chosen type and describes it', () => {
    render(<QueryTypePicker value="byteUsage" onChange={jest.fn()} />);
    expect(screen.getByRole('combobox', { name: NAME })).toBeInTheDocument();
    expect(screen.getByText('Byte usage')).toBeInTheDocument();
    expect(screen.getByTestId(selectors.queryEditor.queryTypeDescription.testId)).toHaveTextContent(
      'Bytes sent to players (playout) and received from encoders (ingest) in each time bucket.'
    );
  });

  it('offers every query type, each with its description, under the three groups', async () => {
    render(<QueryTypePicker value="maxViewers" onChange={jest.fn()} />);
    await userEvent.click(screen.getByLabelText(NAME, { selector: 'input' }));
    const menu = await screen.findByLabelText('Select options menu');
    expect(menu.querySelectorAll('[role="option"]')).toHaveLength(QUERY_TYPES.length);
    for (const type of QUERY_TYPES) {
      expect(within(menu).getByText(type.label, { exact: true })).toBeInTheDocument();
      expect(within(menu).getByText(type.description)).toBeInTheDocument();
    }
    for (const group of Object.values(QUERY_TYPE_GROUPS)) {
      expect(within(menu).getByText(group)).toBeInTheDocument();
    }
  });

  it('groups the types: traffic, quality of service, stream health', () => {
    const groups = (group: string) => QUERY_TYPES.filter((t) => t.group === group).map((t) => t.value);
    expect(groups('traffic')).toEqual(['maxViewers', 'byteUsage', 'monthToDate', 'usageBreakdown']);
    expect(groups('quality')).toEqual(['playbackStartSuccess', 'playbackStartErrors', 'bufferingRatio', 'startupTime']);
    expect(groups('health')).toEqual(['ingestAlerts']);
  });

  it('reports the picked type', async () => {
    const onChange = jest.fn();
    render(<QueryTypePicker value="maxViewers" onChange={onChange} />);
    await pickFromSelect(NAME, 'Month to date');
    expect(onChange).toHaveBeenCalledWith('monthToDate');
    await pickFromSelect(NAME, 'Ingest alerts');
    expect(onChange).toHaveBeenLastCalledWith('ingestAlerts');
  });

  it('shows a type it does not know by its name and says so', () => {
    render(<QueryTypePicker value={'fromTheFuture' as never} onChange={jest.fn()} />);
    expect(screen.getByText('fromTheFuture')).toBeInTheDocument();
    expect(screen.getByTestId(selectors.queryEditor.queryTypeDescription.testId)).toHaveTextContent(
      'This version of the plugin does not know this query type.'
    );
  });
});
