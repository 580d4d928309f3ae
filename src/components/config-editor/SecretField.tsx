import React, { ChangeEvent, ReactNode, useId } from 'react';
import { Field, SecretInput } from '@grafana/ui';

interface Props {
  label: string;
  description?: ReactNode;
  placeholder: string;
  /** Whether Grafana holds a stored value (secureJsonFields): shown as "configured" with a Reset button. */
  isConfigured: boolean;
  /** What is typed, not yet saved (secureJsonData). */
  value?: string;
  width?: number;
  onChange: (value: string) => void;
  /** Forgets the stored value: the caller sets secureJsonFields[key] = false and secureJsonData[key] = ''. */
  onReset: () => void;
}

/** A labelled secret: typed once, stored encrypted by Grafana, afterwards only "configured" or reset. */
export function SecretField({ label, description, placeholder, isConfigured, value, width, onChange, onReset }: Props) {
  const id = useId();
  return (
    <Field label={label} htmlFor={id} description={description}>
      <SecretInput
        id={id}
        width={width}
        placeholder={placeholder}
        isConfigured={isConfigured}
        value={value ?? ''}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.currentTarget.value)}
        onReset={onReset}
      />
    </Field>
  );
}
