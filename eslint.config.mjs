import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
      // the browser test's bundle and screenshot, the end-to-end tests' results
      'tests/browser/.build/',
      'tests/browser/output/',
      'tests/e2e/output/',
    ],
  },
  ...baseConfig,
  {
    // The project's own TypeScript outside src/ and tests/ (create-plugin's in .config/ is left as it ships).
    files: ['webpack.config.ts'],
  },
  {
    // Type-aware rules for the sources and every TypeScript test, each with the tsconfig that covers it.
    files: ['src/**/*.{ts,tsx}', 'tests/browser/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['tests/e2e/**/*.ts', 'playwright.config.ts'],
    languageOptions: {
      parserOptions: { project: './tests/e2e/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'tests/browser/**/*.{ts,tsx}', 'tests/e2e/**/*.ts', 'playwright.config.ts'],
    rules: {
      // Select and MultiSelect stay: the Combobox family is missing from older Grafana versions the plugin supports.
      '@typescript-eslint/no-deprecated': [
        'error',
        { allow: [{ from: 'package', package: '@grafana/ui', name: ['Select', 'MultiSelect'] }] },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
]);
