import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { EditorSettings, editorSettings as settings } from '../../test/helpers';
import { AuthSettings } from './AuthSettings';

function setup(initial: EditorSettings) {
  const onOptionsChange = jest.fn();
  function Harness() {
    const [options, setOptions] = useState(initial);
    return (
      <AuthSettings
        options={options}
        width={40}
        onOptionsChange={(next) => {
          onOptionsChange(next);
          setOptions(next);
        }}
      />
    );
  }
  render(<Harness />);
  const last = (): EditorSettings => onOptionsChange.mock.calls[onOptionsChange.mock.calls.length - 1][0];
  return { onOptionsChange, last };
}

describe('AuthSettings', () => {
  it('offers the API key field while no mode is chosen', () => {
    setup(settings());
    expect(screen.getByPlaceholderText('Organisation API key')).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Email/)).not.toBeInTheDocument();
  });

  it('shows email and password in account mode, the stored password as configured', () => {
    setup(
      settings({ jsonData: { authType: 'account', email: 'ops@example.com' }, secureJsonFields: { password: true } })
    );
    expect(screen.getByRole('radio', { name: 'Account' })).toBeChecked();
    expect(screen.getByLabelText(/^Email/)).toHaveValue('ops@example.com');
    expect(screen.getByLabelText(/^Password/)).toHaveValue('configured');
    expect(screen.queryByPlaceholderText('Organisation API key')).not.toBeInTheDocument();
  });

  it('typing a password keeps an unused API key reset and the mode pinned', async () => {
    const { last } = setup(
      settings({ jsonData: { authType: 'account', email: 'a@b.c' }, secureJsonFields: { apiKey: true } })
    );
    expect(screen.getByText('Unused API key')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Remove the API key' }));
    await userEvent.type(screen.getByLabelText(/^Password/), 'pw');
    expect(last().jsonData.authType).toBe('account');
    expect(last().secureJsonFields).toEqual({ apiKey: false });
    expect(last().secureJsonData).toEqual({ apiKey: '', password: 'pw' });
    expect(screen.queryByText('Unused API key')).not.toBeInTheDocument();
  });
});
