// Type-checks the provisioned dashboards against @grafana/schema: the
// dashboard model, and each panel's options and field config against the
// types of its panel plugin. Prints "N passed, N failed"; exits non-zero on
// any type error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dashboardsDir = join(root, 'provisioning', 'dashboards');
const cfg = (name) => `@grafana/schema/dist/esm/raw/composable/${name}`;

// The types of each panel plugin the dashboards use.
const panelTypes = {
  stat: { module: cfg('stat/panelcfg/x/StatPanelCfg_types.gen'), fieldConfig: false },
  timeseries: { module: cfg('timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen'), fieldConfig: true },
  barchart: { module: cfg('barchart/panelcfg/x/BarChartPanelCfg_types.gen'), fieldConfig: true },
  table: { module: cfg('table/panelcfg/x/TablePanelCfg_types.gen'), fieldConfig: true },
};

// Plain<T> accepts the JSON spelling of T: an enum member as its value.
const header = `
import type { Dashboard } from '@grafana/schema';
${Object.entries(panelTypes)
  .map(([name, t]) => `import type * as ${name} from '${t.module}';`)
  .join('\n')}
type Plain<T> = T extends string
  ? \`\${T}\`
  : T extends number | boolean | null | undefined
    ? T
    : T extends Array<infer U>
      ? Array<Plain<U>>
      : T extends object
        ? { [K in keyof T]: Plain<T[K]> }
        : T;
`;

function leafPanels(panels) {
  return panels.flatMap((p) => (p.type === 'row' ? leafPanels(p.panels ?? []) : [p]));
}

function source(dashboard) {
  const lines = [header, `export const dashboard: Plain<Dashboard> = ${JSON.stringify(dashboard, null, 2)};`];
  leafPanels(dashboard.panels).forEach((p, i) => {
    const t = panelTypes[p.type];
    if (!t) {
      throw new Error(`panel "${p.title}" has type ${p.type}, which this check does not know`);
    }
    lines.push(`export const options${i}: Plain<${p.type}.Options> = ${JSON.stringify(p.options ?? {})};`);
    if (t.fieldConfig && p.fieldConfig?.defaults?.custom) {
      lines.push(`export const custom${i}: Plain<${p.type}.FieldConfig> = ${JSON.stringify(p.fieldConfig.defaults.custom)};`);
    }
  });
  return lines.join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'nanostream-schema-'));
let passed = 0;
let failed = 0;
try {
  for (const file of readdirSync(dashboardsDir).filter((f) => f.endsWith('.json'))) {
    const dashboard = JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8'));
    const tsFile = join(dir, file.replace(/\.json$/, '.ts'));
    writeFileSync(tsFile, source(dashboard));
    const config = join(dir, `${file}.tsconfig.json`);
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          module: 'esnext',
          moduleResolution: 'bundler',
          target: 'es2022',
          typeRoots: [],
          types: [],
          baseUrl: root,
          paths: { '*': [join(root, 'node_modules', '*')] },
        },
        files: [tsFile],
      })
    );
    try {
      execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', config], { cwd: root, stdio: 'pipe' });
      console.log(`ok   ${file}`);
      passed++;
    } catch (err) {
      console.log(`FAIL ${file}\n${err.stdout?.toString() ?? err}`);
      failed++;
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
