import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { EditorSettings, editorSettings as settings } from '../../test/helpers';
import { RedisSettings, redisUrlProblem } from './RedisSettings';

function setup(initial: EditorSettings) {
  const onOptionsChange = jest.fn();
  function Harness() {
    const [options, setOptions] = useState(initial);
    return (
      <RedisSettings
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
  return { last };
}

describe('RedisSettings', () => {
  it('offers the URL alone while none is set', () => {
    setup(settings());
    expect(screen.getByLabelText(/^Redis URL/)).toHaveAttribute('placeholder', 'redis://redis:6379/0');
    expect(screen.queryByPlaceholderText('Redis password')).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Redis key prefix/)).not.toBeInTheDocument();
  });

  it('stores the URL, the prefix and the password as a secret', async () => {
    const { last } = setup(settings());
    await userEvent.type(screen.getByLabelText(/^Redis URL/), 'redis://redis:6379/0');
    expect(last().jsonData.redisUrl).toBe('redis://redis:6379/0');
    await userEvent.type(screen.getByLabelText(/^Redis key prefix/), 'eu:');
    expect(last().jsonData.redisKeyPrefix).toBe('eu:');
    await userEvent.type(screen.getByPlaceholderText('Redis password'), 'pw');
    expect(last().secureJsonData).toEqual({ redisPassword: 'pw' });
    expect(JSON.stringify(last().jsonData)).not.toContain('pw"');
  });

  it('shows a stored password as configured and resets it', async () => {
    const { last } = setup(
      settings({ jsonData: { redisUrl: 'redis://redis:6379/0' }, secureJsonFields: { redisPassword: true } })
    );
    expect(screen.getByDisplayValue('configured')).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(last().secureJsonFields.redisPassword).toBe(false);
    expect(last().secureJsonData?.redisPassword).toBe('');
  });

  it('says what is wrong with a URL, as the backend would', () => {
    setup(settings({ jsonData: { redisUrl: 'http://redis:6379' } }));
    expect(screen.getByText(/must start with redis:\/\//)).toBeInTheDocument();
    expect(redisUrlProblem('')).toBeUndefined();
    expect(redisUrlProblem('rediss://cache.example.com:6380/1')).toBeUndefined();
    expect(redisUrlProblem('redis://ops@redis:6379')).toBeUndefined();
    expect(redisUrlProblem('redis://:secret@redis:6379')).toMatch(/Redis password field/);
    expect(redisUrlProblem('redis://')).toMatch(/must start with/);
  });
});
