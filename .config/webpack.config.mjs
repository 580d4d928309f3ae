// Production build of the frontend into dist/: module.js as an AMD module for Grafana's plugin loader,
// with Grafana's shared libraries left external, plus plugin.json, the logo and the docs.
import fs from 'node:fs';
import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';

const root = path.resolve(import.meta.dirname, '..');
const pluginJsonPath = path.join(root, 'plugin.json');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function readPluginJson() {
  if (!fs.existsSync(pluginJsonPath)) {
    throw new Error(`plugin.json not found at ${pluginJsonPath}; the build copies it from the repository root`);
  }
  return JSON.parse(fs.readFileSync(pluginJsonPath, 'utf8'));
}

// What Grafana provides to plugins at runtime (the same list create-plugin uses), so they are not bundled.
const externals = [
  { 'amd-module': 'module' },
  'lodash',
  'jquery',
  'moment',
  'slate',
  'emotion',
  '@emotion/react',
  '@emotion/css',
  'prismjs',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-redux',
  'redux',
  'rxjs',
  'i18next',
  'react-router',
  'd3',
  'angular',
  /^@grafana\/ui/i,
  /^@grafana\/runtime/i,
  /^@grafana\/data/i,
  // Legacy imports written as "grafana/app/..." resolve to Grafana's own modules.
  ({ request }, callback) => {
    if (request && request.startsWith('grafana/')) {
      return callback(undefined, request.slice('grafana/'.length));
    }
    callback();
  },
];

// %VERSION% and %TODAY% in plugin.json and README.md become the package version and the build date.
function fillPlaceholders(content) {
  return content
    .toString()
    .replace(/%VERSION%/g, pkg.version)
    .replace(/%TODAY%/g, new Date().toISOString().slice(0, 10))
    .replace(/%PLUGIN_ID%/g, readPluginJson().id);
}

export default (env = {}) => {
  const production = Boolean(env.production);
  const pluginJson = readPluginJson();

  return {
    mode: production ? 'production' : 'development',
    context: path.join(root, 'src'),
    devtool: production ? 'source-map' : 'eval-source-map',
    // The public-path module runs first; the library exports come from module.ts, the last entry item.
    entry: { module: [path.join(root, '.config', 'public-path.js'), './module.ts'] },
    externals,
    module: {
      rules: [
        {
          test: /\.[tj]sx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                target: 'es2018',
                parser: { syntax: 'typescript', tsx: true },
                transform: { react: { runtime: 'classic' } },
              },
            },
          },
        },
        {
          test: /\.(png|jpe?g|gif|svg)$/,
          type: 'asset/resource',
          generator: { filename: production ? '[hash][ext]' : '[file]' },
        },
      ],
    },
    output: {
      path: path.join(root, 'dist'),
      filename: '[name].js',
      chunkFilename: production ? '[name].js?_cache=[contenthash]' : '[name].js',
      library: { type: 'amd' },
      publicPath: `public/plugins/${pluginJson.id}/`,
      uniqueName: pluginJson.id,
      crossOriginLoading: 'anonymous',
      // Keep the Go binaries `mage` puts into dist/.
      clean: { keep: /(^|\/)(gpx_[^/]*|go_plugin_build_manifest)$/ },
    },
    plugins: [
      new CopyWebpackPlugin({
        patterns: [
          { from: pluginJsonPath, to: '.', transform: fillPlaceholders },
          { from: 'img', to: 'img' },
          { from: path.join(root, 'README.md'), to: '.', transform: fillPlaceholders, noErrorOnMissing: true },
          { from: path.join(root, 'CHANGELOG.md'), to: '.', noErrorOnMissing: true },
          { from: path.join(root, 'LICENSE'), to: '.', noErrorOnMissing: true },
        ],
      }),
    ],
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.jsx'],
      modules: [path.join(root, 'src'), 'node_modules'],
    },
    performance: { hints: false },
  };
};
