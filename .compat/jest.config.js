// The jest tests against the newest Grafana packages and React 19 installed here (see jest-resolver.js).
const path = require('path');

const baseConfig = require('../jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('../.config/jest/utils');

// ES-module-only packages the newest Grafana packages load, beyond those create-plugin lists.
const newerESModules = ['@react-hookz/web', '@ver0/deep-equal'];

module.exports = {
  ...baseConfig,
  rootDir: path.join(__dirname, '..'),
  resolver: path.join(__dirname, 'jest-resolver.js'),
  setupFiles: [...(baseConfig.setupFiles ?? []), path.join(__dirname, 'jest-polyfills.js')],
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, ...newerESModules])],
};
