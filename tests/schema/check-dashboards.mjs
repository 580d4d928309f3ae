// Type-checks the provisioned dashboards against @grafana/schema: the
// dashboard model, each panel's options and field config against the types
// of its panel plugin, and every query of this plugin (panel targets,
// annotation targets, variable queries) against the plugin's own query
// model in src/types.ts. Prints "N passed, N failed"; exits non-zero on any
// type error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dashboardsDir = join(root, 'provisioning', 'dashboards');
const pluginId = JSON.parse(readFileSync(join(root, 'plugin.json'), 'utf8')).id;
const cfg = (name) => `@grafana/schema/dist/esm/raw/composable/${name}`;

// The types of each panel plugin the dashboards use.
const panelTypes = {
  stat: { module: cfg('stat/panelcfg/x/StatPanelCfg_types.gen'), fieldConfig: false },
  timeseries: { module: cfg('timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen'), fieldConfig: true },
  barchart: { module: cfg('barchart/panelcfg/x/BarChartPanelCfg_types.gen'), fieldConfig: true },
  table: { module: cfg('table/panelcfg/x/TablePanelCfg_types.gen'), fieldConfig: true },
  bargauge: { module: cfg('bargauge/panelcfg/x/BarGaugePanelCfg_types.gen'), fieldConfig: false },
  piechart: { module: cfg('piechart/panelcfg/x/PieChartPanelCfg_types.gen'), fieldConfig: true },
  geomap: { module: cfg('geomap/panelcfg/x/GeomapPanelCfg_types.gen'), fieldConfig: false },
};

// Plain<T> accepts the JSON spelling of T: an enum member as its value, and a
// dashboard variable ("$name", "\${name}") wherever a string goes.
const header = `
import type { Dashboard } from '@grafana/schema';
import type { NanoQuery, NanoVariableQuery } from '${join(root, 'src', 'types')}';
${Object.entries(panelTypes)
  .map(([name, t]) => `import type * as ${name} from '${t.module}';`)
  .join('\n')}
type Plain<T> = T extends string
  ? \`\${T}\` | \`$\${string}\`
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

const ofPlugin = (...refs) => refs.find((ref) => ref?.type)?.type === pluginId;

function source(original) {
  const dashboard = structuredClone(original);
  const lines = [header];
  // The schema types an annotation's target as a bare DataQuery: this plugin's are checked as its queries.
  (dashboard.annotations?.list ?? []).forEach((a, i) => {
    if (a.target && ofPlugin(a.target.datasource, a.datasource)) {
      lines.push(`export const annotation${i}: Plain<NanoQuery> = ${JSON.stringify(a.target)};`);
      delete a.target;
    }
  });
  (dashboard.templating?.list ?? []).forEach((v, i) => {
    if (v.query && typeof v.query === 'object' && ofPlugin(v.datasource)) {
      lines.push(`export const variable${i}: Plain<NanoVariableQuery> = ${JSON.stringify(v.query)};`);
    }
  });
  lines.push(`export const dashboard: Plain<Dashboard> = ${JSON.stringify(dashboard, null, 2)};`);
  leafPanels(dashboard.panels).forEach((p, i) => {
    (p.targets ?? []).forEach((target, j) => {
      if (ofPlugin(target.datasource, p.datasource)) {
        lines.push(`export const query${i}_${j}: Plain<NanoQuery> = ${JSON.stringify(target)};`);
      }
    });
    const t = panelTypes[p.type];
    if (!t) {
      throw new Error(`panel "${p.title}" has type ${p.type}, which this check does not know`);
    }
    lines.push(`export const options${i}: Plain<${p.type}.Options> = ${JSON.stringify(p.options ?? {})};`);
    if (t.fieldConfig && p.fieldConfig?.defaults?.custom) {
      lines.push(
        `export const custom${i}: Plain<${p.type}.FieldConfig> = ${JSON.stringify(p.fieldConfig.defaults.custom)};`
      );
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
