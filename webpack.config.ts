/*
 * The frontend build: create-plugin's webpack configuration (.config/webpack), extended as
 * https://grafana.com/developers/plugin-tools/how-to-guides/extend-configurations#extend-the-webpack-config
 * describes.
 *
 * The one difference from a scaffolded plugin: plugin.json lives at the repository root, where the Go
 * build (Magefile.go) and the tests read it too, not in src/. create-plugin's configuration reads
 * src/plugin.json while it loads, finds the entry point next to it and copies it from there; this file
 * points those three at the root plugin.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { mergeWithCustomize, unique } from 'webpack-merge';

import type { Env } from './.config/webpack/webpack.config.ts';

const root = process.cwd();
const pluginJsonPath = path.join(root, 'plugin.json');
const scaffoldedPluginJsonPath = path.join(root, 'src', 'plugin.json');

// Loads create-plugin's configuration modules with their reads of src/plugin.json answered from the
// root plugin.json. The redirect lasts only while they load: they read plugin.json once, at load time.
async function loadGrafanaConfig() {
  const readFileSync = fs.readFileSync;
  const redirected = (file: fs.PathOrFileDescriptor, ...rest: unknown[]) =>
    Reflect.apply(readFileSync, fs, [
      typeof file === 'string' && path.resolve(file) === scaffoldedPluginJsonPath ? pluginJsonPath : file,
      ...rest,
    ]);
  fs.readFileSync = redirected as typeof fs.readFileSync;
  try {
    const { default: grafanaConfig } = await import('./.config/webpack/webpack.config.ts');
    const { copyFilePatterns } = await import('./.config/bundler/copyFiles.ts');
    return { grafanaConfig, copyFilePatterns };
  } finally {
    fs.readFileSync = readFileSync;
  }
}

const config = async (env: Env): Promise<Configuration> => {
  const { grafanaConfig, copyFilePatterns } = await loadGrafanaConfig();
  const baseConfig = await grafanaConfig(env);

  return mergeWithCustomize({
    // This CopyWebpackPlugin replaces create-plugin's: the same files, plugin.json from the root.
    customizeArray: unique('plugins', ['CopyPlugin'], (plugin) => plugin?.constructor?.name),
    // The entry replaces create-plugin's, which it looks for next to src/plugin.json.
    customizeObject: (_base, extension, key) => (key === 'entry' ? extension : undefined),
  })(baseConfig, {
    // A change to this file or to plugin.json invalidates webpack's build cache, as one to create-plugin's does.
    cache: {
      type: 'filesystem',
      buildDependencies: { config: [path.join(root, 'webpack.config.ts'), pluginJsonPath] },
    },
    entry: { module: path.join(root, 'src', 'module.ts') },
    plugins: [
      new CopyWebpackPlugin({
        patterns: copyFilePatterns.map((pattern) => {
          if (pattern.from === 'plugin.json') {
            return { ...pattern, from: pluginJsonPath };
          }
          // Other JSON files in src/ (nested plugins' plugin.json): there are none besides plugin.json.
          if (pattern.from === '**/*.json') {
            return { ...pattern, noErrorOnMissing: true };
          }
          return pattern;
        }),
      }),
    ],
  });
};

export default config;
