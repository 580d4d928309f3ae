import { expect, test } from '@grafana/plugin-e2e';
import type { Response } from '@playwright/test';

import { provisionedDashboards } from './provisioning';

interface QueryDataResponse {
  results?: Record<string, { error?: string; status?: number }>;
}

// The errors in one answer of /api/ds/query, the endpoint every panel and variable queries through.
async function queryErrors(response: Response): Promise<string[]> {
  let body: QueryDataResponse | undefined;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const errors = Object.entries(body?.results ?? {})
    .filter(([, result]) => result.error)
    .map(([refId, result]) => `${refId}: ${result.error}`);
  if (!response.ok() && errors.length === 0) {
    errors.push(`HTTP ${response.status()}`);
  }
  return errors;
}

for (const dashboard of provisionedDashboards()) {
  test(`dashboard ${dashboard.fileName} loads with no panel in error`, async ({
    gotoDashboardPage,
    page,
  }, testInfo) => {
    test.setTimeout(120_000);
    const pending: Array<Promise<string[]>> = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.endsWith('/api/ds/query')) {
        pending.push(queryErrors(response));
      }
    });

    const dashboardPage = await gotoDashboardPage({ uid: dashboard.uid });
    await expect(page.getByText(dashboard.title).first()).toBeVisible();
    for (const panel of dashboard.panels) {
      const shown = dashboardPage.getPanelById(String(panel.id));
      await shown.scrollIntoView();
      await expect(shown.locator, `panel "${panel.title}"`).toBeVisible();
    }
    await dashboardPage.waitForPanelsQueriesToComplete({ scrollAll: true });
    for (const panel of dashboard.panels) {
      await expect(dashboardPage.getPanelById(String(panel.id)).getErrorIcon(), `panel "${panel.title}"`).toHaveCount(
        0
      );
    }
    expect((await Promise.all(pending)).flat(), 'errors the panels and variables got from the plugin').toEqual([]);
    expect(pending.length, 'queries the dashboard ran').toBeGreaterThan(0);

    // The dashboard as it looked, kept with the test results (the CI workflow uploads them).
    await page.evaluate(() => window.scrollTo(0, 0));
    const screenshot = testInfo.outputPath(`${dashboard.uid}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach(`${dashboard.uid}.png`, { path: screenshot, contentType: 'image/png' });
  });
}
