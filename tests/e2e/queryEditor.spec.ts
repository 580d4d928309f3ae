import { expect, test } from '@grafana/plugin-e2e';

import { QUERY_TYPES } from '../../src/copy';
import { selectors } from '../../src/selectors';
import type { QueryType } from '../../src/types';
import { DATASOURCE_FILE } from './provisioning';

// The query types the editor runs against the provisioned data source; each must answer with data.
const QUERY_TYPES_UNDER_TEST: QueryType[] = ['monthToDate', 'maxViewers', 'byteUsage'];

interface QueryDataResponse {
  results?: Record<string, { error?: string; frames?: unknown[] }>;
}

for (const queryType of QUERY_TYPES_UNDER_TEST) {
  const choice = QUERY_TYPES.find((type) => type.value === queryType);
  if (!choice) {
    throw new Error(`the query editor offers no query type ${queryType}`);
  }

  test(`query editor: ${queryType} runs and answers with data`, async ({
    panelEditPage,
    readProvisionedDataSource,
    page,
  }) => {
    const ds = await readProvisionedDataSource({ fileName: DATASOURCE_FILE });
    await panelEditPage.datasource.set(ds.name);
    const row = panelEditPage.getQueryEditorRow('A');

    await row.getByRole('combobox', { name: selectors.queryEditor.queryType.ariaLabel }).click();
    await page.getByRole('option', { name: new RegExp(`^${choice.label}`) }).click();
    await expect(row.getByTestId(selectors.queryEditor.queryTypeDescription.testId)).toHaveText(choice.description);

    const response = await panelEditPage.refreshPanel();
    expect(response.ok(), `HTTP ${response.status()} from the query`).toBe(true);
    const body: QueryDataResponse = await response.json();
    expect(body.results?.A?.error).toBeUndefined();
    expect(body.results?.A?.frames?.length).toBeGreaterThan(0);
    await expect(panelEditPage.panel.getErrorIcon()).toHaveCount(0);
  });
}
