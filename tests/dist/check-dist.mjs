// Checks that dist/ is a complete plugin folder: the frontend, the manifest
// and its assets, and a backend executable for every platform, all with the
// same plugin id and executable name. Run after `npm run build` and the mage
// build. Prints "N passed, N failed"; exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const source = JSON.parse(readFileSync(join(root, 'plugin.json'), 'utf8'));
const platforms = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64', 'windows_amd64.exe'];

const checks = [];
const check = (name, fn) => checks.push({ name, fn });
const nonEmpty = (file) => existsSync(join(dist, file)) && statSync(join(dist, file)).size > 0;

// The logos and the catalog's screenshots plugin.json names, next to the files every plugin folder has.
const images = [
  source.info?.logos?.small,
  source.info?.logos?.large,
  ...(source.info?.screenshots ?? []).map((s) => s.path),
];
for (const file of new Set([
  'module.js',
  'plugin.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'go_plugin_build_manifest',
  ...images,
])) {
  check(`${file} is there`, () => Boolean(file) && nonEmpty(file));
}
check('plugin.json keeps the id, type and executable of the source', () => {
  const built = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8'));
  return (
    built.id === source.id &&
    built.type === source.type &&
    built.executable === source.executable &&
    built.backend === true &&
    built.alerting === true &&
    !/%VERSION%|%TODAY%/.test(JSON.stringify(built.info))
  );
});
check('module.js is an AMD module of the plugin', () =>
  readFileSync(join(dist, 'module.js'), 'utf8').includes('define(')
);
for (const platform of platforms) {
  check(`backend for ${platform}`, () => nonEmpty(`${source.executable}_${platform}`));
}
const local = `${source.executable}_${process.platform === 'darwin' ? 'darwin' : 'linux'}_${process.arch === 'arm64' ? 'arm64' : 'amd64'}`;
check(`${local} reports the plugin id`, () => {
  const info = JSON.parse(execFileSync(join(dist, local), ['-buildinfo'], { encoding: 'utf8' }));
  return info.pluginID === source.id;
});

let passed = 0;
let failed = 0;
for (const { name, fn } of checks) {
  let ok = false;
  try {
    ok = fn();
  } catch (err) {
    console.log(`     ${err.message}`);
  }
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  ok ? passed++ : failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
