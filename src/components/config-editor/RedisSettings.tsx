import React, { ChangeEvent, useId } from 'react';
import { Field, Input } from '@grafana/ui';

import { DEFAULT_REDIS_KEY_PREFIX } from '../../types';
import { SecretField } from './SecretField';
import { Settings } from './auth';

interface Props {
  options: Settings;
  onOptionsChange: (options: Settings) => void;
  width: number;
}

/** Why a Redis URL cannot be used, the backend's rules: redis:// or rediss://, and no password in it. */
export function redisUrlProblem(url: string): string | undefined {
  if (url === '') {
    return undefined;
  }
  if (!/^rediss?:\/\/[^/?#]/.test(url)) {
    return 'The Redis URL must start with redis:// (or rediss:// for TLS) and name a host, such as redis://redis:6379/0.';
  }
  const authority = url.replace(/^rediss?:\/\//, '').split(/[/?#]/)[0];
  if (authority.includes('@') && authority.split('@')[0].includes(':')) {
    return 'Put the password in the Redis password field, which Grafana stores encrypted, not in the URL.';
  }
  return undefined;
}

/**
 * The optional Redis that several Grafana replicas share: with it their plugins keep one request budget, one
 * throttling pause, one answer cache and one set of requests under way; without it each replica keeps its own.
 */
export function RedisSettings({ options, onOptionsChange, width }: Props) {
  const id = useId();
  const { jsonData } = options;
  const url = jsonData.redisUrl ?? '';
  const problem = redisUrlProblem(url);
  const update = (changes: Partial<Settings['jsonData']>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...changes } });
  return (
    <>
      <Field
        label="Redis URL"
        htmlFor={`${id}-redis-url`}
        description="Only for several Grafana replicas, such as the Redis of Grafana's remote cache: the replicas then share the request budget, the throttling pause and the answers, and fetch each answer once. Empty keeps them in this Grafana. If Redis fails, queries go on with a third of the rate per replica."
        invalid={problem !== undefined}
        error={problem}
      >
        <Input
          id={`${id}-redis-url`}
          width={width}
          placeholder="redis://redis:6379/0"
          value={url}
          onChange={(e: ChangeEvent<HTMLInputElement>) =>
            update({ redisUrl: e.currentTarget.value.trim() || undefined })
          }
        />
      </Field>
      {url !== '' && (
        <>
          <SecretField
            label="Redis password"
            description="Only if Redis asks for one."
            placeholder="Redis password"
            width={width}
            isConfigured={Boolean(options.secureJsonFields?.redisPassword)}
            value={options.secureJsonData?.redisPassword}
            onChange={(value) =>
              onOptionsChange({ ...options, secureJsonData: { ...options.secureJsonData, redisPassword: value } })
            }
            onReset={() =>
              onOptionsChange({
                ...options,
                secureJsonFields: { ...options.secureJsonFields, redisPassword: false },
                secureJsonData: { ...options.secureJsonData, redisPassword: '' },
              })
            }
          />
          <Field
            label="Redis key prefix"
            htmlFor={`${id}-redis-prefix`}
            description={`Starts every key the plugin keeps in Redis. Empty means ${DEFAULT_REDIS_KEY_PREFIX}; give each Grafana cluster that shares a Redis a prefix of its own.`}
          >
            <Input
              id={`${id}-redis-prefix`}
              width={width}
              placeholder={DEFAULT_REDIS_KEY_PREFIX}
              value={jsonData.redisKeyPrefix ?? ''}
              onChange={(e: ChangeEvent<HTMLInputElement>) =>
                update({ redisKeyPrefix: e.currentTarget.value.trim() || undefined })
              }
            />
          </Field>
        </>
      )}
    </>
  );
}
