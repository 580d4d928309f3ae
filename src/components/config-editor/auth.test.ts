import { editorSettings as settings } from '../../test/helpers';
import { chooseAuthType, chosenAuthType, credentialsState, unusedSecrets } from './auth';

describe('chosenAuthType', () => {
  it('treats an empty mode, as provisioning leaves it, as none', () => {
    expect(chosenAuthType(settings({ jsonData: { authType: '' as never } }))).toBeUndefined();
    expect(chosenAuthType(settings({ jsonData: { authType: 'account' } }))).toBe('account');
  });

  it('lets a chosen mode alone decide, and infers one from the stored secret only without a mode', () => {
    const both = { secureJsonFields: { apiKey: true, password: true } };
    expect(chosenAuthType(settings({ jsonData: { authType: 'account' }, secureJsonFields: { apiKey: true } }))).toBe(
      'account'
    );
    expect(chosenAuthType(settings({ secureJsonFields: { apiKey: true } }))).toBe('apiKey');
    expect(chosenAuthType(settings({ secureJsonFields: { password: true } }))).toBe('account');
    expect(chosenAuthType(settings(both))).toBe('apiKey');
  });
});

describe('credentialsState', () => {
  it('follows the mode alone', () => {
    expect(credentialsState(settings())).toBe('demo');
    // a stored key without a mode is used as an API key, as the backend infers it
    expect(credentialsState(settings({ secureJsonFields: { apiKey: true } }))).toBe('complete');
    expect(credentialsState(settings({ jsonData: { authType: 'apiKey' } }))).toBe('incomplete');
    expect(credentialsState(settings({ jsonData: { authType: 'apiKey' }, secureJsonData: { apiKey: 'k' } }))).toBe(
      'complete'
    );
    expect(
      credentialsState(settings({ jsonData: { authType: 'account' }, secureJsonFields: { password: true } }))
    ).toBe('incomplete');
    expect(
      credentialsState(
        settings({ jsonData: { authType: 'account', email: 'a@b.c' }, secureJsonFields: { password: true } })
      )
    ).toBe('complete');
  });
});

describe('unusedSecrets', () => {
  it('lists the secrets the chosen mode does not read', () => {
    const both = { secureJsonFields: { apiKey: true, password: true } };
    expect(unusedSecrets(settings({ jsonData: { authType: 'apiKey' }, ...both }))).toEqual(['password']);
    expect(unusedSecrets(settings({ jsonData: { authType: 'account' }, ...both }))).toEqual(['apiKey']);
    expect(
      unusedSecrets(settings({ jsonData: { authType: 'account' }, secureJsonFields: { password: true } }))
    ).toEqual([]);
  });
});

describe('chooseAuthType', () => {
  const savedKey = settings({ jsonData: { authType: 'apiKey' }, secureJsonFields: { apiKey: true } });

  it('resets the other mode secret the way Grafana resets a secret', () => {
    const { options, setAside } = chooseAuthType(savedKey, 'account');
    expect(options.jsonData.authType).toBe('account');
    expect(options.secureJsonFields).toEqual({ apiKey: false });
    expect(options.secureJsonData).toEqual({ apiKey: '' });
    expect(setAside).toEqual(['apiKey']);
  });

  it('leaves settings without the other secret as they are', () => {
    const { options, setAside } = chooseAuthType(settings(), 'account');
    expect(options.secureJsonFields).toEqual({});
    expect(options.secureJsonData).toEqual({});
    expect(setAside).toEqual([]);
  });

  it('brings a secret set aside back while its reset is unsaved', () => {
    const away = chooseAuthType(savedKey, 'account');
    const back = chooseAuthType(away.options, 'apiKey', away.setAside);
    expect(back.options.secureJsonFields).toEqual({ apiKey: true });
    expect(back.options.secureJsonData).toEqual({});
    expect(back.setAside).toEqual([]);
  });

  it('does not bring it back once something was typed in its place', () => {
    const away = chooseAuthType(savedKey, 'account');
    const typed = { ...away.options, secureJsonData: { apiKey: 'new-key' } };
    const back = chooseAuthType(typed, 'apiKey', away.setAside);
    expect(back.options.secureJsonFields).toEqual({ apiKey: false });
    expect(back.options.secureJsonData).toEqual({ apiKey: 'new-key' });
  });

  it('does not bring it back after the reset was saved', () => {
    const away = chooseAuthType(savedKey, 'account');
    // After saving, Grafana hands over the stored state: the key is gone, nothing is pending.
    const saved = settings({ jsonData: { authType: 'account' }, secureJsonFields: { password: true } });
    const back = chooseAuthType(saved, 'apiKey', away.setAside);
    expect(back.options.secureJsonFields).toEqual({ password: false });
    expect(back.options.secureJsonData).toEqual({ password: '' });
  });
});
