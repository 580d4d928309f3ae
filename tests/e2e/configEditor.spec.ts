import { expect, test } from '@grafana/plugin-e2e';
import type { Page } from '@playwright/test';

import { selectors } from '../../src/selectors';
import { DATASOURCE_FILE, SIMULATOR_API_KEY, SIMULATOR_URL } from './provisioning';

async function chooseSignIn(page: Page, mode: 'API key' | 'Account') {
  await page
    .getByRole('radiogroup', { name: selectors.configEditor.authType.ariaLabel })
    .getByRole('radio', { name: mode, exact: true })
    .click();
}

test('simulator mode: a data source without credentials saves and reports the built-in simulator', async ({
  createDataSourceConfigPage,
  readProvisionedDataSource,
  page,
}) => {
  const ds = await readProvisionedDataSource({ fileName: DATASOURCE_FILE });
  const configPage = await createDataSourceConfigPage({ type: ds.type });
  await expect(page.getByText('Demo data until credentials are set')).toBeVisible();

  await expect(configPage.saveAndTest()).toBeOK();
  await expect(configPage).toHaveAlert('success', { hasText: /simulated demo data from the built-in simulator/ });
});

test('API key mode: a data source signed in with an API key saves and reaches every route', async ({
  createDataSourceConfigPage,
  readProvisionedDataSource,
  page,
}) => {
  const ds = await readProvisionedDataSource({ fileName: DATASOURCE_FILE });
  const configPage = await createDataSourceConfigPage({ type: ds.type });
  await chooseSignIn(page, 'API key');
  await page.getByPlaceholder('Organisation API key').fill(SIMULATOR_API_KEY);
  await page.getByLabel(/^API URL/).fill(SIMULATOR_URL);
  await expect(page.getByText('Demo data until credentials are set')).toHaveCount(0);

  await expect(configPage.saveAndTest()).toBeOK();
  await expect(configPage).toHaveAlert('success', { hasText: SIMULATOR_URL });
});

test('API key mode: an unknown API key fails the test with one sentence', async ({
  createDataSourceConfigPage,
  readProvisionedDataSource,
  page,
}) => {
  const ds = await readProvisionedDataSource({ fileName: DATASOURCE_FILE });
  const configPage = await createDataSourceConfigPage({ type: ds.type });
  await chooseSignIn(page, 'API key');
  await page.getByPlaceholder('Organisation API key').fill('not-a-key');
  await page.getByLabel(/^API URL/).fill(SIMULATOR_URL);

  await expect(configPage.saveAndTest()).not.toBeOK();
  await expect(configPage).toHaveAlert('error', { hasText: /API key/ });
});
