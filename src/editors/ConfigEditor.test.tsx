import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { selectors } from '../selectors';
import { EditorSettings as Settings, editorSettings as settings } from '../test/helpers';
import { ConfigEditor } from './ConfigEditor';

// Keeps the options like Grafana's settings page does, so typing accumulates.
function setup(initial: Settings = settings()) {
  const onOptionsChange = jest.fn();
  function Harness() {
    const [options, setOptions] = useState(initial);
    return (
      <ConfigEditor
        options={options}
        onOptionsChange={(next) => {
          onOptionsChange(next);
          setOptions(next);
        }}
      />
    );
  }
  render(<Harness />);
  const last = (): Settings => onOptionsChange.mock.calls[onOptionsChange.mock.calls.length - 1][0];
  return { onOptionsChange, last };
}

describe('ConfigEditor', () => {
  it('explains demo mode and the default URL when nothing is configured', () => {
    setup();
    expect(screen.getByText('Demo data until credentials are set')).toBeInTheDocument();
    expect(screen.getByLabelText(/^API URL/)).toHaveAttribute('placeholder', 'https://metrics-api.nanostream.cloud');
    expect(screen.getByText(/Organisation → Overview/)).toHaveAttribute(
      'href',
      'https://dashboard.nanostream.cloud/organisation/overview'
    );
  });

  it('stores the API URL', async () => {
    const { last } = setup();
    await userEvent.type(screen.getByLabelText(/^API URL/), 'https://metrics.nanocosmos.de/api');
    expect(last().url).toBe('https://metrics.nanocosmos.de/api');
  });

  it('stores a typed API key as a secret and pins the API key mode', async () => {
    const { last } = setup();
    await userEvent.type(screen.getByPlaceholderText('Organisation API key'), 'key-123');
    expect(last().secureJsonData).toEqual({ apiKey: 'key-123' });
    expect(last().jsonData.authType).toBe('apiKey');
    expect(screen.queryByText('Demo data until credentials are set')).not.toBeInTheDocument();
  });

  it('shows a configured key and resets it', async () => {
    const { last } = setup(settings({ jsonData: { authType: 'apiKey' }, secureJsonFields: { apiKey: true } }));
    expect(screen.getByDisplayValue('configured')).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(last().secureJsonFields.apiKey).toBe(false);
    expect(last().secureJsonData?.apiKey).toBe('');
    expect(screen.getByPlaceholderText('Organisation API key')).toBeEnabled();
  });

  it('switches to account mode and stores email and password', async () => {
    const { last } = setup();
    expect(screen.queryByLabelText(/^Email/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Account' }));
    expect(last().jsonData.authType).toBe('account');
    expect(screen.queryByPlaceholderText('Organisation API key')).not.toBeInTheDocument();
    expect(screen.getByText('Credentials missing')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/^Email/), 'ops@example.com');
    await userEvent.type(screen.getByLabelText(/^Password/), 's3cret');
    expect(last().jsonData).toEqual({ authType: 'account', email: 'ops@example.com' });
    expect(last().secureJsonData).toEqual({ password: 's3cret' });
    expect(screen.queryByText('Credentials missing')).not.toBeInTheDocument();
  });

  it('shows a configured password as such', () => {
    setup(settings({ jsonData: { authType: 'account', email: 'a@b.c' }, secureJsonFields: { password: true } }));
    expect(screen.getByLabelText(/^Email/)).toHaveValue('a@b.c');
    expect(screen.getByDisplayValue('configured')).toBeDisabled();
  });

  it('picks a billing time zone and clears it back to UTC', async () => {
    const { last } = setup();
    const picker = screen.getByLabelText(/^Billing time zone/);
    await userEvent.type(picker, 'Europe/Berl');
    await userEvent.click(await screen.findByText('Europe/Berlin'));
    expect(last().jsonData.billingTimeZone).toBe('Europe/Berlin');

    await userEvent.click(screen.getByLabelText('Clear value'));
    expect(last().jsonData.billingTimeZone).toBeUndefined();
  });

  it('flags a time zone the browser does not know', () => {
    setup(settings({ jsonData: { billingTimeZone: 'Mars/Olympus' } }));
    expect(screen.getByText('The time zone "Mars/Olympus" is not a known IANA time zone.')).toBeInTheDocument();
  });

  it('keeps the API key header in the advanced section', async () => {
    const { last } = setup();
    expect(screen.queryByLabelText(/^API key header/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByText('Advanced settings'));
    const header = screen.getByLabelText(/^API key header/);
    expect(header).toHaveAttribute('placeholder', 'X-BINTU-APIKEY');
    await userEvent.type(header, 'x-api-key');
    expect(last().jsonData.apiKeyHeader).toBe('x-api-key');
  });

  it('opens the advanced section when a header is already set', () => {
    setup(settings({ jsonData: { apiKeyHeader: 'x-api-key' } }));
    expect(screen.getByLabelText(/^API key header/)).toHaveValue('x-api-key');
  });

  it('keeps the request budget and the cache switch in the advanced settings', async () => {
    const { last } = setup();
    await userEvent.click(screen.getByText('Advanced settings'));
    expect(screen.getByLabelText(/^Requests per second/)).toHaveAttribute('placeholder', '0.8');
    expect(screen.getByLabelText(/^Request burst/)).toHaveAttribute('placeholder', '20');

    await userEvent.type(screen.getByLabelText(/^Requests per second/), '0.');
    expect(screen.getByLabelText(/^Requests per second/)).toHaveValue('0.'); // kept while it is not a number yet
    await userEvent.type(screen.getByLabelText(/^Requests per second/), '5');
    expect(last().jsonData.requestsPerSecond).toBe(0.5);
    await userEvent.type(screen.getByLabelText(/^Request burst/), '40');
    expect(last().jsonData.requestBurst).toBe(40);
    expect(screen.getByText('Above 30 the API throttles.')).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText(/^Request burst/));
    expect(last().jsonData.requestBurst).toBeUndefined();

    await userEvent.click(screen.getByLabelText(/^Cache answers/));
    expect(last().jsonData.disableCache).toBe(true);
    await userEvent.click(screen.getByLabelText(/^Cache answers/));
    expect(last().jsonData.disableCache).toBeUndefined();
  });

  it('opens the advanced settings when a budget is set', () => {
    setup(settings({ jsonData: { requestsPerSecond: 0.3, simulatorUrl: 'http://simulator:8090' } }));
    expect(screen.getByLabelText(/^Requests per second/)).toHaveValue('0.3');
    expect(screen.getByLabelText(/^Simulator URL/)).toHaveValue('http://simulator:8090');
  });

  it('warns instead of promising demo data when a sign-in mode is chosen without its secret', () => {
    setup(settings({ jsonData: { authType: 'apiKey' } }));
    expect(screen.queryByText('Demo data until credentials are set')).not.toBeInTheDocument();
    expect(screen.getByText('Credentials missing')).toBeInTheDocument();
  });

  it('shows the credential fields when provisioning left the sign-in mode empty', () => {
    setup(settings({ jsonData: { authType: '' as never } }));
    expect(screen.getByPlaceholderText('Organisation API key')).toBeInTheDocument();
    expect(screen.getByText('Demo data until credentials are set')).toBeInTheDocument();
  });

  describe('sign-in mode', () => {
    const authType = () => screen.getByRole('radiogroup', { name: selectors.configEditor.authType.ariaLabel });

    it('selects no mode until one is chosen, and a click chooses one', async () => {
      const { last } = setup();
      expect(authType()).toBeInTheDocument();
      expect(screen.getByRole('radio', { name: 'API key' })).not.toBeChecked();
      expect(screen.getByRole('radio', { name: 'Account' })).not.toBeChecked();
      await userEvent.click(screen.getByRole('radio', { name: 'API key' }));
      expect(last().jsonData.authType).toBe('apiKey');
      expect(screen.getByRole('radio', { name: 'API key' })).toBeChecked();
      expect(screen.getByText('Credentials missing')).toBeInTheDocument();
    });

    it('resets the stored API key on switching to an account, and brings it back on switching back', async () => {
      const { last } = setup(settings({ jsonData: { authType: 'apiKey' }, secureJsonFields: { apiKey: true } }));
      await userEvent.click(screen.getByRole('radio', { name: 'Account' }));
      expect(last().jsonData.authType).toBe('account');
      expect(last().secureJsonFields.apiKey).toBe(false);
      expect(last().secureJsonData?.apiKey).toBe('');

      await userEvent.click(screen.getByRole('radio', { name: 'API key' }));
      expect(last().jsonData.authType).toBe('apiKey');
      expect(last().secureJsonFields.apiKey).toBe(true);
      expect(last().secureJsonData).toEqual({});
      expect(screen.getByDisplayValue('configured')).toBeDisabled();
    });

    it('resets the stored password on switching to an API key', async () => {
      const { last } = setup(
        settings({ jsonData: { authType: 'account', email: 'a@b.c' }, secureJsonFields: { password: true } })
      );
      await userEvent.click(screen.getByRole('radio', { name: 'API key' }));
      expect(last().secureJsonFields.password).toBe(false);
      expect(last().secureJsonData?.password).toBe('');
      expect(screen.getByText('Credentials missing')).toBeInTheDocument();
    });

    it('resets a typed key on switching to an account', async () => {
      const { last } = setup();
      await userEvent.type(screen.getByPlaceholderText('Organisation API key'), 'key-123');
      await userEvent.click(screen.getByRole('radio', { name: 'Account' }));
      expect(last().secureJsonData).toEqual({ apiKey: '' });
      expect(last().secureJsonFields.apiKey).toBe(false);

      // A typed key is never stored, so switching back has nothing to bring back.
      await userEvent.click(screen.getByRole('radio', { name: 'API key' }));
      expect(last().secureJsonData).toEqual({ apiKey: '' });
      expect(screen.getByPlaceholderText('Organisation API key')).toHaveValue('');
    });

    it('keeps a key reset by hand reset after switching away and back', async () => {
      const { last } = setup(settings({ jsonData: { authType: 'apiKey' }, secureJsonFields: { apiKey: true } }));
      await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
      await userEvent.click(screen.getByRole('radio', { name: 'Account' }));
      await userEvent.click(screen.getByRole('radio', { name: 'API key' }));
      expect(last().secureJsonFields.apiKey).toBe(false);
      expect(last().secureJsonData?.apiKey).toBe('');
      expect(screen.getByPlaceholderText('Organisation API key')).toBeEnabled();
    });

    it('marks a secret stored for the other mode as unused and removes it', async () => {
      const { last } = setup(
        settings({ jsonData: { authType: 'apiKey' }, secureJsonFields: { apiKey: true, password: true } })
      );
      expect(screen.getByText('Unused password')).toBeInTheDocument();
      await userEvent.click(screen.getByRole('button', { name: 'Remove the password' }));
      expect(last().secureJsonFields).toEqual({ apiKey: true, password: false });
      expect(last().secureJsonData).toEqual({ password: '' });
      expect(screen.queryByText('Unused password')).not.toBeInTheDocument();
    });

    it('takes a stored key without a mode as the API key mode, as the backend does', () => {
      setup(settings({ secureJsonFields: { apiKey: true } }));
      expect(screen.queryByText('Demo data until credentials are set')).not.toBeInTheDocument();
      expect(screen.getByRole('radio', { name: 'API key' })).toBeChecked();
      expect(screen.getByDisplayValue('configured')).toBeDisabled();
    });
  });
});
