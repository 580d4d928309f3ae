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

// Console errors that belong to the test set-up, not to the editors: the failing data source's 500s, and
// files a real Grafana serves itself (the Inter fonts and its spinner icon).
const EXPECTED_FAILURES = /\/uid\/broken\/resources\/|\/public\/fonts\/|\/icons\/unicons\/spinner\.svg$/;

const results = [];
const requests = [];
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
    const types = query.getByRole('radiogroup', { name: selectors.queryEditor.queryType.ariaLabel });
    assert.equal(await types.getByRole('radio', { name: 'Max viewers' }).isChecked(), true);
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
    await chooseRadio(page, query, 'Byte usage');
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
