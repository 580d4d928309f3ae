// What provisioning/ gives the Grafana under test: the data source, every dashboard and every alert rule,
// read from the same files the tests' Grafana mounts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const provisioningDir = join(__dirname, '..', '..', 'provisioning');

/** The data source file, and the name and uid of the data source it provisions. */
export const DATASOURCE_FILE = 'nanostream.yaml';

/**
 * The simulator service of docker-compose.yaml as Grafana reaches it, and its demo API key: the data sources
 * the tests create sign in there.
 */
export const SIMULATOR_URL = process.env.NANOSTREAM_E2E_SIMULATOR_URL || 'http://simulator:8090';
export const SIMULATOR_API_KEY = 'demo-api-key';

export interface ProvisionedPanel {
  id: number;
  title: string;
  type: string;
  panels?: ProvisionedPanel[];
}

export interface ProvisionedDashboard {
  fileName: string;
  uid: string;
  title: string;
  /** Every panel that shows data: the panels of rows included, the rows themselves not. */
  panels: ProvisionedPanel[];
}

export interface ProvisionedAlertRule {
  fileName: string;
  uid: string;
  title: string;
}

function leafPanels(panels: ProvisionedPanel[] = []): ProvisionedPanel[] {
  return panels.flatMap((panel) => (panel.type === 'row' ? leafPanels(panel.panels) : [panel]));
}

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(provisioningDir, dir))
    .filter((name) => pattern.test(name))
    .sort();
}

/** Every dashboard in provisioning/dashboards. */
export function provisionedDashboards(): ProvisionedDashboard[] {
  return files('dashboards', /\.json$/).map((fileName) => {
    const dashboard = JSON.parse(readFileSync(join(provisioningDir, 'dashboards', fileName), 'utf8'));
    return { fileName, uid: dashboard.uid, title: dashboard.title, panels: leafPanels(dashboard.panels) };
  });
}

/** Every alert rule in provisioning/alerting. */
export function provisionedAlertRules(): ProvisionedAlertRule[] {
  return files('alerting', /\.ya?ml$/).flatMap((fileName) => {
    const file = parse(readFileSync(join(provisioningDir, 'alerting', fileName), 'utf8')) ?? {};
    const groups: Array<{ rules?: Array<{ uid: string; title: string }> }> = file.groups ?? [];
    return groups.flatMap((group) => (group.rules ?? []).map(({ uid, title }) => ({ fileName, uid, title })));
  });
}
