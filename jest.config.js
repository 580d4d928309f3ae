// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const baseConfig = require('./.config/jest.config');

// Jest configuration provided by Grafana scaffolding, extended as
// https://grafana.com/developers/plugin-tools/how-to-guides/extend-configurations#extend-the-jest-config
// describes.
module.exports = {
  ...baseConfig,
  // The tests are all in src/: jest need not look through node_modules, .compat/node_modules included.
  roots: ['<rootDir>/src'],
  // The editors' tests click through the real @grafana/ui; on a busy two-core machine one can take over 5 s.
  testTimeout: 20_000,
  // Some ES modules Grafana's packages load are .mjs files (d3-color's, for one): compile them like .js.
  transform: Object.fromEntries(
    Object.entries(baseConfig.transform).map(([pattern, transformer]) => [`${pattern}|^.+\\.mjs$`, transformer])
  ),
};
