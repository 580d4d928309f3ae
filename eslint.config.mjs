// Grafana's shared ESLint rules, plus type-aware checks for the TypeScript sources.
import grafanaConfig from '@grafana/eslint-config';

export default [
  {
    ignores: ['dist/', 'coverage/', 'tests/browser/output/', 'tests/browser/.build/', 'node_modules/'],
  },
  ...grafanaConfig,
  {
    rules: {
      'react/prop-types': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'tests/browser/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        project: './tsconfig.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Select and MultiSelect stay: the Combobox family is missing from older Grafana versions the plugin supports.
      '@typescript-eslint/no-deprecated': [
        'error',
        { allow: [{ from: 'package', package: '@grafana/ui', name: ['Select', 'MultiSelect'] }] },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
];
