// Browser test of the editors: bundles the real editors, React and @grafana/ui into a page, serves it
// on 127.0.0.1 (ephemeral port) with fixed resource answers, drives it in headless Chromium and checks
// what the editors emitted. Exits non-zero on any failure; the last line reads "N passed, N failed".
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const here = import.meta.dirname;
const root = path.resolve(here, '..', '..');
const buildDir = path.join(here, '.build');
const outputDir = path.join(here, 'output');
const screenshotPath = path.join(outputDir, 'editors.png');
const menuScreenshotPath = path.join(outputDir, 'query-type-menu.png');
const iconDir = path.join(root, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const STREAMS = [
  { name: 'nS4kq-main', bytes: 1_284_000_000_000 },
  { name: 'nS4kq-backup', bytes: 96_500_000_000 },
  { name: 'nS4kq-lobby', bytes: 2_400_000_000 },
];
const COUNTRIES = [
  { code: 'AT', name: 'Austria' },
  { code: 'DE', name: 'Germany' },
  { code: 'US', name: 'United States' },
];
const BROKEN_ERROR = 'nanoStream Analytics rejected the API key (HTTP 401).';
const KEYS = [
  { key: 'news.example.com', bytes: 7_200_000_000 },
  { key: 'sports.example.org', bytes: 3_100_000_000 },
];

// Console errors that belong to the test set-up, not to the editors: the failing data source's 500s, and
// files a real Grafana serves itself (the Inter fonts and its spinner icon).
const EXPECTED_FAILURES = /\/uid\/broken\/resources\/|\/public\/fonts\/|\/icons\/unicons\/spinner\.svg$/;

const results = [];
const requests = [];
const resourceQueries = [];
let selectors;

async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name}`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(
      `  ✗ ${name}\n      ${String(err?.message ?? err)
        .split('\n')
        .join('\n      ')}`
    );
  }
}

// @grafana/ui's code editor pulls in Monaco; the editors never render it, so it becomes an empty module.
const skipMonaco = {
  name: 'skip-monaco',
  setup(build) {
    build.onResolve({ filter: /^(monaco-editor|@monaco-editor\/react)(\/|$)/ }, (args) => ({
      path: args.path,
      namespace: 'empty',
    }));
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

async function bundlePage() {
  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.mkdirSync(buildDir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(here, 'page.tsx')],
    outfile: path.join(buildDir, 'page.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    tsconfig: path.join(root, 'tsconfig.json'),
    alias: { '@grafana/runtime': path.join(here, 'runtime-stub.ts') },
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.svg': 'file', '.png': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file' },
    plugins: [skipMonaco],
    logLevel: 'error',
  });
}

// The test ids and accessible names the editors use, from the same file the components and jest tests read.
async function loadSelectors() {
  const outfile = path.join(buildDir, 'selectors.mjs');
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'selectors.ts')],
    outfile,
    format: 'esm',
    platform: 'node',
    logLevel: 'error',
  });
  return (await import(pathToFileURL(outfile).href)).selectors;
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>nanoStream Analytics editors</title>
    <script>window.__grafana_public_path__ = '/public/';</script>
    <link rel="stylesheet" href="/page.css" />
  </head>
  <body><div id="root"></div><script src="/page.js"></script></body>
</html>`;

function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function handle(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  requests.push(url.pathname);
  const resource = /^\/api\/datasources\/uid\/([^/]+)\/resources\/(\w+)$/.exec(url.pathname);
  if (resource && url.search) {
    resourceQueries.push({ path: url.pathname, params: Object.fromEntries(url.searchParams) });
  }
  if (url.pathname === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    return res.end(PAGE);
  }
  if (url.pathname === '/page.js' || url.pathname === '/page.css') {
    const file = path.join(buildDir, url.pathname.slice(1));
    const type = url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css';
    res.writeHead(200, { 'Content-Type': type });
    return fs.existsSync(file) ? fs.createReadStream(file).pipe(res) : res.end();
  }
  if (resource) {
    const [, uid, name] = resource;
    if (uid === 'broken') {
      return sendJson(res, 500, { error: BROKEN_ERROR });
    }
    if (name === 'streams') {
      return sendJson(res, 200, { streams: STREAMS });
    }
    if (name === 'countries') {
      return sendJson(res, 200, { countries: COUNTRIES });
    }
    if (name === 'keys') {
      return sendJson(res, 200, { keys: KEYS });
    }
    return sendJson(res, 404, { error: `Unknown resource ${name}.` });
  }
  if (url.pathname.startsWith('/public/build/img/icons/')) {
    const file = path.join(iconDir, path.normalize(url.pathname.slice('/public/build/img/icons/'.length)));
    if (file.startsWith(iconDir) && fs.existsSync(file)) {
      res.writeHead(200, { 'Content-Type': 'image/svg+xml' });
      return fs.createReadStream(file).pipe(res);
    }
  }
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204);
    return res.end();
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found');
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

// Polls a value the page recorded until it matches, so React has time to commit.
async function expectRecorded(page, read, expected, message) {
  let actual;
  for (let i = 0; i < 40; i++) {
    actual = await page.evaluate(read);
    try {
      assert.deepStrictEqual(actual, expected, message);
      return;
    } catch {
      await page.waitForTimeout(50);
    }
  }
  assert.deepStrictEqual(actual, expected, message);
}

// Clicks a radio button, then moves the mouse away so its description tooltip does not cover other fields.
async function chooseRadio(page, scope, name) {
  await scope.getByRole('radio', { name, exact: true }).click();
  await page.mouse.move(0, 0);
}

// Picks a query type from the grouped select of an editor; the option's name starts with its label.
async function chooseQueryType(page, scope, label) {
  await scope.getByRole('combobox', { name: selectors.queryEditor.queryType.ariaLabel }).click();
  await page.getByRole('option', { name: new RegExp(`^${label}`) }).click();
  await page.mouse.move(0, 0);
}

// The part of the page an editor and its open select menu cover, for a screenshot of the menu.
async function menuClip(page, scope) {
  const card = await scope.boundingBox();
  const menu = await page.getByLabel('Select options menu').boundingBox();
  const bottom = Math.max(card.y + card.height, menu ? menu.y + menu.height : 0);
  return { x: card.x, y: card.y, width: card.width, height: bottom - card.y + 8 };
}

// Types a limit and takes it with Enter.
async function typeLimit(input, value) {
  await input.fill(value);
  await input.press('Enter');
}

async function pickOption(page, input, optionName) {
  await input.click();
  await page.getByRole('option', { name: optionName }).first().click();
  await page.keyboard.press('Escape');
}

async function testConfigEditor(page) {
  const config = page.getByTestId('config');
  const lastOptions = () => window.recorded.options.at(-1);

  await check('config: demo-data notice while nothing is configured', async () => {
    await config.getByText('Demo data until credentials are set').waitFor();
    assert.equal(
      await config.getByLabel(/^API URL/).getAttribute('placeholder'),
      'https://metrics-api.nanostream.cloud'
    );
  });

  await check('config: API key is stored as a secret and pins the API key mode', async () => {
    await config.getByPlaceholder('Organisation API key').fill('org-key-123');
    await expectRecorded(page, () => window.recorded.options.at(-1).secureJsonData, { apiKey: 'org-key-123' });
    await expectRecorded(page, () => window.recorded.options.at(-1).jsonData.authType, 'apiKey');
    assert.equal(await config.getByText('Demo data until credentials are set').count(), 0);
  });

  await check('config: switching to Account shows email and password', async () => {
    await chooseRadio(page, config, 'Account');
    await expectRecorded(page, () => window.recorded.options.at(-1).jsonData.authType, 'account');
    assert.equal(await config.getByPlaceholder('Organisation API key').count(), 0);
  });

  await check('config: switching to Account resets the typed API key', async () => {
    await expectRecorded(page, () => window.recorded.options.at(-1).secureJsonData, { apiKey: '' });
    await expectRecorded(page, () => window.recorded.options.at(-1).secureJsonFields, { apiKey: false });
    const authType = config.getByRole('radiogroup', { name: selectors.configEditor.authType.ariaLabel });
    assert.equal(await authType.getByRole('radio', { name: 'Account', exact: true }).isChecked(), true);
  });

  await check('config: typed email and password are stored', async () => {
    await config.getByLabel(/^Email/).pressSequentially('ops@example.com');
    await config.getByLabel(/^Password/).fill('s3cret!');
    await expectRecorded(page, () => window.recorded.options.at(-1).jsonData.email, 'ops@example.com');
    await expectRecorded(page, () => window.recorded.options.at(-1).secureJsonData.password, 's3cret!');
  });

  await check('config: billing time zone picked from the IANA list', async () => {
    const input = config.getByLabel(/^Billing time zone/);
    await input.click();
    await input.pressSequentially('Europe/Ber');
    await page.getByRole('option', { name: 'Europe/Berlin' }).click();
    await expectRecorded(page, () => window.recorded.options.at(-1).jsonData.billingTimeZone, 'Europe/Berlin');
  });

  await check('config: API key header override in the advanced section', async () => {
    await config.getByText('Advanced settings').click();
    await config.getByLabel(/^API key header/).fill('X-Custom-Key');
    await expectRecorded(page, () => window.recorded.options.at(-1).jsonData.apiKeyHeader, 'X-Custom-Key');
  });

  await check('config: final settings carry every choice', async () => {
    const last = await page.evaluate(lastOptions);
    assert.deepEqual(last.jsonData, {
      authType: 'account',
      email: 'ops@example.com',
      billingTimeZone: 'Europe/Berlin',
      apiKeyHeader: 'X-Custom-Key',
    });
    assert.deepEqual(last.secureJsonData, { apiKey: '', password: 's3cret!' });
    assert.deepEqual(last.secureJsonFields, { apiKey: false });
  });
}

async function testSavedKey(page) {
  const config = page.getByTestId('config-saved');
  const lastSaved = () => window.recorded.savedOptions.at(-1);

  await check('saved key: shown as configured, with no notice', async () => {
    const key = config.getByPlaceholder('Organisation API key');
    assert.equal(await key.inputValue(), 'configured');
    assert.equal(await key.isDisabled(), true);
    assert.equal(await config.getByRole('alert').count(), 0);
    assert.equal(await config.getByRole('status').count(), 0);
  });

  await check('saved key: switching to Account resets the stored key', async () => {
    await chooseRadio(page, config, 'Account');
    await expectRecorded(page, () => window.recorded.savedOptions.at(-1).secureJsonFields, { apiKey: false });
    await expectRecorded(page, () => window.recorded.savedOptions.at(-1).secureJsonData, { apiKey: '' });
    await config.getByText('Credentials missing').waitFor();
  });

  await check('saved key: switching back before saving brings the stored key back', async () => {
    await chooseRadio(page, config, 'API key');
    await expectRecorded(page, () => window.recorded.savedOptions.at(-1).secureJsonFields, { apiKey: true });
    const last = await page.evaluate(lastSaved);
    assert.deepEqual(last.secureJsonData, {});
    assert.equal(last.jsonData.authType, 'apiKey');
    assert.equal(await config.getByPlaceholder('Organisation API key').inputValue(), 'configured');
    assert.equal(await config.getByText('Credentials missing').count(), 0);
  });
}

async function testQueryEditor(page) {
  const query = page.getByTestId('query');
  const lastQuery = () => window.recorded.queries.at(-1);
  const runs = () => window.recorded.runQuery;

  await check('query: starts as max viewers with the delta switch', async () => {
    await query.getByRole('combobox', { name: selectors.queryEditor.queryType.ariaLabel }).waitFor();
    assert.equal(await query.getByText('Max viewers', { exact: true }).isVisible(), true);
    await query.getByText('concurrent H5Live viewers').waitFor();
    assert.match(
      await query.getByTestId(selectors.queryEditor.queryTypeDescription.testId).innerText(),
      /^Highest number of concurrent H5Live viewers/
    );
    assert.equal(await query.getByRole('switch').isChecked(), false);
  });

  await check('query: delta switch on max viewers runs the query', async () => {
    await query.getByText('Change vs. previous').click();
    await expectRecorded(page, lastQuery, { refId: 'A', queryType: 'maxViewers', interval: 'auto', delta: true });
    await expectRecorded(page, runs, 1);
  });

  await check('query: byte usage replaces the description and hides the delta switch', async () => {
    await chooseQueryType(page, query, 'Byte usage');
    await expectRecorded(page, () => window.recorded.queries.at(-1).queryType, 'byteUsage');
    await query.getByText('playout', { exact: false }).waitFor();
    assert.equal(await query.getByRole('switch').count(), 0);
  });

  await check('query: stream picked from the streams resource', async () => {
    await pickOption(page, query.getByLabel(/^Streams/), /nS4kq-main/);
    await expectRecorded(page, () => window.recorded.queries.at(-1).streamNames, ['nS4kq-main']);
  });

  await check('query: interval set to hour', async () => {
    await chooseRadio(page, query.getByRole('radiogroup', { name: selectors.queryEditor.interval.ariaLabel }), 'Hour');
    await expectRecorded(page, () => window.recorded.queries.at(-1).interval, 'hour');
  });

  await check('query: country picked by name, stored as its code', async () => {
    await pickOption(page, query.getByLabel(/^Countries/), 'Germany (DE)');
    await expectRecorded(page, () => window.recorded.queries.at(-1).countries, ['DE']);
  });

  await check('query: free-form tag', async () => {
    const tags = query.getByLabel(/^Tags/);
    await tags.click();
    await tags.pressSequentially('sports');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await expectRecorded(page, () => window.recorded.queries.at(-1).tags, ['sports']);
  });

  await check('query: every change ran the query once and the final query is complete', async () => {
    const { queries, runQuery } = await page.evaluate(() => window.recorded);
    assert.equal(runQuery, queries.length);
    assert.deepEqual(queries.at(-1), {
      refId: 'A',
      queryType: 'byteUsage',
      interval: 'hour',
      delta: true,
      streamNames: ['nS4kq-main'],
      countries: ['DE'],
      tags: ['sports'],
    });
  });

  await check('query: the resources were fetched over the data source resource routes', async () => {
    assert.ok(requests.includes('/api/datasources/uid/nano/resources/streams'));
    assert.ok(requests.includes('/api/datasources/uid/nano/resources/countries'));
  });
}

async function testQueryTypes(page) {
  const types = page.getByTestId('types');
  const last = () => window.recorded.typeQueries.at(-1);
  const description = () => types.getByTestId(selectors.queryEditor.queryTypeDescription.testId).innerText();
  const group = (name) => types.getByRole('radiogroup', { name });
  const base = { refId: 'A', interval: 'auto' };
  const kept = ['critical', 'moderate'];

  await check('types: the picker offers nine query types in three groups, each described', async () => {
    await types.getByRole('combobox', { name: selectors.queryEditor.queryType.ariaLabel }).click();
    const options = page.getByRole('option');
    assert.equal(await options.count(), 9);
    for (const heading of ['Traffic', 'Quality of service', 'Stream health']) {
      await page.getByText(heading, { exact: true }).waitFor();
    }
    await page.getByRole('option', { name: /^Usage breakdown.*share\./ }).waitFor();
    fs.mkdirSync(outputDir, { recursive: true });
    await page.screenshot({ path: menuScreenshotPath, clip: await menuClip(page, types) });
    await page.keyboard.press('Escape');
  });

  await check('types: ingest alerts with the count view', async () => {
    await chooseQueryType(page, types, 'Ingest alerts');
    assert.match(await description(), /last five minutes/);
    const views = group(selectors.queryEditor.view.ariaLabel);
    assert.equal(await views.getByRole('radio', { name: 'Table', exact: true }).isChecked(), true);
    assert.equal(await group(selectors.queryEditor.interval.ariaLabel).count(), 0);
    await chooseRadio(page, views, 'Count');
    await expectRecorded(page, last, { ...base, queryType: 'ingestAlerts', view: 'count' });
    const severities = types.getByLabel(/^Severities/);
    assert.equal(await types.getByText('All severities').count(), 1);
    await pickOption(page, severities, /^Moderate/);
    await pickOption(page, severities, /^Critical/);
    await expectRecorded(page, last, {
      ...base,
      queryType: 'ingestAlerts',
      view: 'count',
      severities: ['critical', 'moderate'],
    });
  });

  await check('types: usage breakdown by country, total, top 25, refusing 5000', async () => {
    await chooseQueryType(page, types, 'Usage breakdown');
    // the severities stay for a switch back, as other fields do; the breakdown ignores them
    await expectRecorded(page, last, { ...base, queryType: 'usageBreakdown', severities: kept });
    await chooseRadio(page, group(selectors.queryEditor.term.ariaLabel), 'Country');
    await chooseRadio(page, group(selectors.queryEditor.direction.ariaLabel), 'Total');
    const limit = types.getByLabel(/^Top/);
    assert.equal(await limit.getAttribute('placeholder'), '10');
    await typeLimit(limit, '5000');
    await types.getByText('Enter a whole number from 1 to 1000.').waitFor();
    await typeLimit(limit, '25');
    assert.equal(await types.getByText('Enter a whole number from 1 to 1000.').count(), 0);
    await expectRecorded(page, last, {
      ...base,
      queryType: 'usageBreakdown',
      severities: kept,
      term: 'country',
      direction: 'total',
      limit: 25,
    });
  });

  await check('types: playback start success split by country, then the worst streams', async () => {
    await chooseQueryType(page, types, 'Playback start success');
    const views = group(selectors.queryEditor.view.ariaLabel);
    assert.equal(await views.getByRole('radio', { name: 'Time series', exact: true }).isChecked(), true);
    await chooseRadio(page, group(selectors.queryEditor.interval.ariaLabel), 'Hour');
    await chooseRadio(page, group(selectors.queryEditor.splitBy.ariaLabel), 'Country');
    // the breakdown's top 25 is a valid series count too, so it stays
    const series = types.getByLabel(/^Series/);
    assert.equal(await series.inputValue(), '25');
    await typeLimit(series, '150');
    await types.getByText('Enter a whole number from 1 to 100.').waitFor();
    await typeLimit(series, '8');
    await expectRecorded(page, () => window.recorded.typeQueries.at(-1).limit, 8);
    // the value alert rules read: the success ratio unless told
    const alertOn = group(selectors.queryEditor.series.ariaLabel);
    assert.equal(await alertOn.getByRole('radio', { name: 'Success ratio', exact: true }).isChecked(), true);
    await chooseRadio(page, alertOn, 'Failed starts');
    await expectRecorded(page, () => window.recorded.typeQueries.at(-1).series, 'errors');
    await chooseRadio(page, views, 'Worst streams');
    assert.equal(await group(selectors.queryEditor.splitBy.ariaLabel).count(), 0);
    assert.equal(await group(selectors.queryEditor.interval.ariaLabel).count(), 0);
    assert.equal(await group(selectors.queryEditor.series.ariaLabel).count(), 0);
    await expectRecorded(page, last, {
      refId: 'A',
      interval: 'hour',
      queryType: 'playbackStartSuccess',
      severities: kept,
      term: 'country',
      direction: 'total',
      splitBy: 'country',
      limit: 8,
      series: 'errors',
      view: 'worst',
    });
  });

  await check('types: playback start errors has the filters only and drops the view and limit', async () => {
    await chooseQueryType(page, types, 'Playback start errors');
    assert.equal(await types.getByRole('radiogroup').count(), 0);
    await types.getByLabel(/^Streams/).waitFor();
    await pickOption(page, types.getByLabel(/^Streams/), /nS4kq-lobby/);
    await expectRecorded(page, last, {
      refId: 'A',
      interval: 'hour',
      queryType: 'playbackStartErrors',
      severities: kept,
      term: 'country',
      direction: 'total',
      splitBy: 'country',
      series: 'errors',
      streamNames: ['nS4kq-lobby'],
    });
  });

  await check('types: buffering ratio and startup time are time series with an interval', async () => {
    await chooseQueryType(page, types, 'Buffering ratio');
    assert.match(await description(), /buffering/);
    await chooseRadio(page, group(selectors.queryEditor.interval.ariaLabel), 'Minute');
    await expectRecorded(page, () => window.recorded.typeQueries.at(-1).interval, 'minute');
    await chooseQueryType(page, types, 'Startup time');
    assert.match(await description(), /in seconds\./);
    const interval = group(selectors.queryEditor.interval.ariaLabel);
    assert.equal(await interval.getByRole('radio', { name: 'Minute', exact: true }).isChecked(), true);
    await expectRecorded(page, () => window.recorded.typeQueries.at(-1).queryType, 'startupTime');
  });

  await check('types: every change ran the query once', async () => {
    const { typeQueries, typeRuns } = await page.evaluate(() => window.recorded);
    assert.equal(typeRuns, typeQueries.length);
  });

  await check('annotation: starts as ingest alerts shown as annotations and keeps its filters', async () => {
    const annotation = page.getByTestId('annotation');
    assert.equal(await annotation.getByText('Ingest alerts', { exact: true }).isVisible(), true);
    const views = annotation.getByRole('radiogroup', { name: selectors.queryEditor.view.ariaLabel });
    assert.equal(await views.getByRole('radio', { name: 'Annotations', exact: true }).isChecked(), true);
    await pickOption(page, annotation.getByLabel(/^Countries/), 'Austria (AT)');
    await expectRecorded(page, () => window.recorded.annotationQueries.at(-1), {
      refId: 'Anno',
      queryType: 'ingestAlerts',
      view: 'annotations',
      countries: ['AT'],
    });
  });
}

async function testFailuresAndVariables(page) {
  const broken = page.getByTestId('broken-query');
  await check('query: failing resources show an inline error and the editor stays usable', async () => {
    await broken.getByText(BROKEN_ERROR).first().waitFor();
    assert.equal(await broken.getByText(BROKEN_ERROR).count(), 2);
    assert.equal(await broken.getByRole('radio', { name: 'Summary' }).isChecked(), true);
    await chooseRadio(page, broken, 'Table');
    await expectRecorded(page, () => window.recorded.brokenQueries.at(-1).view, 'table');
  });

  await check('variable: switches from stream names to countries', async () => {
    const kinds = page
      .getByTestId('variable')
      .getByRole('radiogroup', { name: selectors.variableEditor.kind.ariaLabel });
    await chooseRadio(page, kinds, 'Countries');
    await expectRecorded(page, () => window.recorded.variables.at(-1), { refId: 'V', kind: 'countries' });
  });

  await check('variable: top keys with their defaults, then referrers, ingest, top 25', async () => {
    const variable = page.getByTestId('variable');
    await chooseRadio(
      page,
      variable.getByRole('radiogroup', { name: selectors.variableEditor.kind.ariaLabel }),
      'Top keys'
    );
    const topKeys = { refId: 'V', kind: 'topKeys', term: 'stream', direction: 'playout', limit: 20 };
    await expectRecorded(page, () => window.recorded.variables.at(-1), topKeys);
    await chooseRadio(
      page,
      variable.getByRole('radiogroup', { name: selectors.variableEditor.term.ariaLabel }),
      'Referrer'
    );
    await chooseRadio(
      page,
      variable.getByRole('radiogroup', { name: selectors.variableEditor.direction.ariaLabel }),
      'Ingest'
    );
    const limit = variable.getByLabel(/^Top$/);
    assert.equal(await limit.inputValue(), '20');
    await typeLimit(limit, '1001');
    await variable.getByText('Enter a whole number from 1 to 1000.').waitFor();
    await typeLimit(limit, '25');
    await expectRecorded(page, () => window.recorded.variables.at(-1), {
      ...topKeys,
      term: 'referrer',
      direction: 'ingest',
      limit: 25,
    });
  });

  await check('variable: top keys come from the keys resource over the time range', async () => {
    const values = await page.evaluate(() => window.runVariable());
    assert.deepEqual(
      values,
      KEYS.map((k) => ({ text: k.key, value: k.key }))
    );
    assert.deepEqual(resourceQueries.at(-1), {
      path: '/api/datasources/uid/nano/resources/keys',
      params: { term: 'referrer', direction: 'ingest', limit: '25', from: '1699920000000', to: '1700006400000' },
    });
  });
}

async function main() {
  const started = Date.now();
  await bundlePage();
  selectors = await loadSelectors();
  console.log(`bundled the editors in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const server = http.createServer(handle);
  const port = await listen(server);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nano-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !EXPECTED_FAILURES.test(msg.location().url ?? '')) {
        pageErrors.push(`${msg.text()} ${msg.location().url ?? ''}`.trim());
      }
    });

    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.editorsReady === true);

    await testConfigEditor(page);
    await testQueryEditor(page);
    await testQueryTypes(page);
    await testFailuresAndVariables(page);
    await testSavedKey(page);

    await check('page: no script errors', async () => {
      assert.deepEqual(pageErrors, []);
    });

    await page.mouse.click(5, 5);
    fs.mkdirSync(outputDir, { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    console.log(`screenshot: ${path.relative(root, screenshotPath)}`);
  } finally {
    await context?.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (err) {
  results.push({ name: 'run', ok: false });
  console.log(`  ✗ the browser test could not run: ${err?.stack ?? err}`);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
