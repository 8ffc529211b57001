import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The layers of ../shared/DESIGN.md and what each may import. Anything not listed
// is forbidden; `typesOnly` layers may still be imported with `import type`.
const layers = ['model', 'raft', 'sim', 'scenario', 'worker', 'protocol', 'ui', 'lessons', 'cli'];
const allowed = {
  model: { runtime: [], typesOnly: [] },
  raft: { runtime: ['model'], typesOnly: [] },
  sim: { runtime: ['raft', 'model'], typesOnly: [] },
  scenario: { runtime: ['model'], typesOnly: ['sim', 'raft'] },
  worker: { runtime: ['sim', 'scenario', 'model', 'protocol'], typesOnly: ['raft'] },
  protocol: { runtime: ['model'], typesOnly: ['sim', 'raft', 'scenario'] },
  ui: { runtime: ['protocol', 'scenario', 'model', 'lessons'], typesOnly: ['sim', 'raft'] },
  lessons: { runtime: ['model', 'scenario'], typesOnly: [] },
  cli: { runtime: ['sim', 'scenario', 'model'], typesOnly: ['raft'] },
};

function layerRule(layer) {
  const { runtime, typesOnly } = allowed[layer];
  const forbidden = layers.filter((l) => l !== layer && !runtime.includes(l));
  const patterns = forbidden.map((l) => ({
    group: [`../${l}`, `../${l}/*`, `../../${l}`, `../../${l}/*`],
    message: `${layer}/ may not import ${l}/ (see shared/DESIGN.md, Layers).`,
    allowTypeImports: typesOnly.includes(l),
  }));
  return {
    files: [`src/${layer}/**/*.{ts,tsx}`],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  {
    ignores: [
      '.tmp/**',
      'dist',
      'dist-cli',
      'dist-subpath',
      'node_modules',
      'test-results',
      'playwright-report',
      'bench-results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='eval']",
          message: 'No eval: links are untrusted input.',
        },
        { selector: "NewExpression[callee.name='Function']", message: 'No new Function.' },
        { selector: "MemberExpression[property.name='innerHTML']", message: 'No innerHTML.' },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'No dangerouslySetInnerHTML.',
        },
      ],
    },
  },
  {
    files: ['src/raft/**/*.ts', 'src/sim/**/*.ts'],
    ignores: ['.tmp/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded generator.' },
        { object: 'Date', property: 'now', message: 'Use the virtual clock.' },
        { object: 'performance', property: 'now', message: 'Use the virtual clock.' },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'Date'],
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  ...layers.map(layerRule),
);
