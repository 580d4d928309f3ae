// The compatibility run: the type check, the jest tests and the browser test once more, against the newest
// Grafana packages and React 19 that .compat/package.json pins (the first run uses the root's, the versions
// the plugin is built with). They are installed from .compat/package-lock.json into node_modules/.cache/compat,
// outside the source tree (the Go build's manifest lists every .go file of the tree, npm packages' included),
// whenever what is installed there does not match the lock file.
// Prints one line per check and "N passed, N failed"; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = import.meta.dirname;
const root = path.resolve(here, '..');
const installDir = path.join(root, 'node_modules', '.cache', 'compat');
const compatModules = path.join(installDir, 'node_modules');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(command, args, options = {}) {
  const shown = (arg) => (arg.startsWith(root + path.sep) ? path.relative(root, arg) : arg);
  console.log(`$ ${[command, ...args].map(shown).join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

// Whether node_modules/.cache/compat holds exactly what .compat/package-lock.json pins.
function installed() {
  const readPackages = (file) => {
    try {
      const { packages = {} } = JSON.parse(fs.readFileSync(file, 'utf8'));
      return Object.fromEntries(
        Object.entries(packages)
          .filter(([name]) => name !== '')
          .map(([name, entry]) => [name, entry.version])
      );
    } catch {
      return undefined;
    }
  };
  const wanted = readPackages(path.join(here, 'package-lock.json'));
  const present = readPackages(path.join(compatModules, '.package-lock.json'));
  return wanted !== undefined && JSON.stringify(wanted) === JSON.stringify(present);
}

function install() {
  fs.mkdirSync(installDir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) {
    fs.copyFileSync(path.join(here, file), path.join(installDir, file));
  }
  return run('npm', ['ci', '--prefix', installDir, '--no-audit', '--no-fund', '--loglevel=error']);
}

function version(name) {
  return JSON.parse(fs.readFileSync(path.join(compatModules, name, 'package.json'), 'utf8')).version;
}

// The browser test runs on a copy of the sources, the test and the TypeScript configuration whose node_modules
// is the root's with .compat's packages in place of the root's: its bundler then takes React and Grafana's
// packages from .compat, its own tools (esbuild, playwright-core) from the root.
function stageBrowserTest() {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'nanostream-compat-'));
  for (const entry of ['src', 'tests/browser', '.config', 'tsconfig.json']) {
    fs.cpSync(path.join(root, entry), path.join(tree, entry), {
      recursive: true,
      filter: (source) => !/[\\/]tests[\\/]browser[\\/](output|\.build)$/.test(source),
    });
  }
  const modules = path.join(tree, 'node_modules');
  const link = (from, name) => {
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.rmSync(path.join(modules, name), { recursive: true, force: true });
    fs.symlinkSync(path.join(from, name), path.join(modules, name), 'junction');
  };
  const packagesIn = (dir) =>
    fs
      .readdirSync(dir)
      .filter((name) => !name.startsWith('.'))
      .flatMap((name) =>
        name.startsWith('@') ? fs.readdirSync(path.join(dir, name)).map((n) => `${name}/${n}`) : [name]
      );
  for (const name of packagesIn(path.join(root, 'node_modules'))) {
    link(path.join(root, 'node_modules'), name);
  }
  const { dependencies } = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
  for (const name of Object.keys(dependencies)) {
    link(compatModules, name);
  }
  return tree;
}

if (!installed()) {
  if (!install()) {
    console.log('the packages of .compat/package-lock.json could not be installed');
    process.exit(1);
  }
}
console.log(
  `compatibility run: @grafana/ui ${version('@grafana/ui')}, @grafana/data ${version('@grafana/data')}, ` +
    `@grafana/runtime ${version('@grafana/runtime')}, react ${version('react')}`
);

const results = [];
const check = (name, fn) => {
  const ok = fn();
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (newest Grafana packages, React 19)`);
};

check('type check', () => run(bin('tsc'), ['--noEmit', '-p', path.join(here, 'tsconfig.json')]));
check('jest tests', () =>
  run(bin('jest'), ['--ci', '--passWithNoTests', '--maxWorkers', '2', '-c', path.join(here, 'jest.config.js')])
);
check('browser test', () => {
  const tree = stageBrowserTest();
  try {
    return run(process.execPath, [path.join(tree, 'tests', 'browser', 'run.mjs')]);
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
});

const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
