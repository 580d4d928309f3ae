import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { SecretField } from './SecretField';

function setup(props: Partial<React.ComponentProps<typeof SecretField>> = {}) {
  const onChange = jest.fn();
  const onReset = jest.fn();
  render(
    <SecretField
      label="Token"
      description="Stored encrypted."
      placeholder="A token"
      isConfigured={false}
      onChange={onChange}
      onReset={onReset}
      {...props}
    />
  );
  return { onChange, onReset };
}

describe('SecretField', () => {
  it('takes a typed secret, labelled and hidden', async () => {
    const { onChange } = setup();
    const input = screen.getByLabelText(/^Token/);
    expect(input).toHaveAttribute('type', 'password');
    expect(input).toHaveAttribute('placeholder', 'A token');
    expect(screen.getByText('Stored encrypted.')).toBeInTheDocument();
    await userEvent.type(input, 'x');
    expect(onChange).toHaveBeenCalledWith('x');
  });

  it('shows a stored secret as configured and resets it', async () => {
    const { onReset } = setup({ isConfigured: true });
    expect(screen.getByLabelText(/^Token/)).toHaveValue('configured');
    expect(screen.getByLabelText(/^Token/)).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(onReset).toHaveBeenCalledTimes(1);
  });

  it('keeps the ids of two fields apart', () => {
    render(
      <>
        <SecretField label="First" placeholder="1" isConfigured={false} onChange={jest.fn()} onReset={jest.fn()} />
        <SecretField label="Second" placeholder="2" isConfigured={false} onChange={jest.fn()} onReset={jest.fn()} />
      </>
    );
    expect(screen.getByLabelText('First')).toHaveAttribute('placeholder', '1');
    expect(screen.getByLabelText('Second')).toHaveAttribute('placeholder', '2');
  });
});
