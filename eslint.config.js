import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** The core is the domain in plain TypeScript: it must run in Node, in a worker and on the
 * main thread, so it may not import the UI stack. */
const coreForbidden = {
  patterns: [
    {
      group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
      message: 'src/core must not depend on React.',
    },
    { group: ['@xyflow/*', 'reactflow'], message: 'src/core must not depend on React Flow.' },
    { group: ['zustand', 'zustand/*'], message: 'src/core must not depend on zustand.' },
    {
      group: ['**/ui/**', '**/store/**', '**/worker/**'],
      message: 'src/core must not import app layers.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-*',
      'node_modules',
      'test-results',
      'test-results-*',
      'playwright-report',
      'bench/out',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', coreForbidden],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage'],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'bin/**/*.js', 'bench/**/*.{ts,js,mjs}', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
