import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * The layers of ARCHITECTURE.md, written once. Per layer: `values`, our modules it may import as values (a folder
 * of src/, a module at src/'s root such as `config`, or one module of a folder such as `workflows/ids`); `types`,
 * ours it may import as types only ('*': all of them); `npm`, the packages it may import ('*': any); `npmTypes`,
 * whether other packages' types are fine; `builtins: false` bans Node's APIs (types stay allowed). What a layer
 * does not list it may not import: so nothing reaches src/bot or src/emulators, and src/workflows is reached only
 * through its contract modules. Composition roots (src/main.ts, src/worker.ts, scripts/, bench/, test/) and
 * src/emulators are not layers: they import anything.
 */
const WORKFLOW_CONTRACTS = ['workflows/messages', 'workflows/ids', 'workflows/search-attributes'];
const LAYERS = {
  intel: { values: [], npm: ['zod', 'simple-statistics', 'ml-*', 'luxon'], builtins: false },
  workflows: {
    values: ['intel'],
    types: '*',
    npm: ['@temporalio/workflow', '@temporalio/common'],
    npmTypes: true,
    builtins: false,
  },
  // Activities name the workflow a proposal's row points at, so workflow ids are theirs too.
  activities: {
    values: ['db', 'meta', 'slack', 'charts', 'intel', 'config', 'log', 'workflows/ids'],
    types: ['workflows'],
    npm: '*',
  },
  meta: { values: [], types: ['config'], npm: ['zod'] },
  slack: { values: ['intel'], types: ['db'], npm: [], npmTypes: true, builtins: false },
  // The bot checks a token against the Graph API while Slack waits (connect), so it reads src/meta too.
  bot: {
    values: ['slack', 'db', 'charts', 'intel', 'temporal', 'config', 'log', 'meta', ...WORKFLOW_CONTRACTS],
    types: ['workflows'],
    npm: '*',
  },
  db: { values: ['intel'], npm: ['slonik', 'pg', 'zod'] },
  charts: { values: [], types: ['intel'], npm: '*' },
  temporal: {
    values: ['config', 'log', 'workflows/ids', 'workflows/search-attributes'],
    types: ['workflows'],
    npm: '*',
  },
  config: { values: [], npm: ['zod'], builtins: false },
};
const FOLDERS = ['intel', 'workflows', 'activities', 'meta', 'slack', 'bot', 'db', 'charts', 'emulators', 'temporal'];
const ROOT_MODULES = ['config', 'log', 'demo', 'main', 'worker'];
const BUILTINS = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))];

const escape = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*');
const anyOf = (names) => `(${names.map(escape).join('|')})`;

/**
 * A relative import reaching src/<target> (less the modules carved out). It climbs out of the importing layer
 * by some `../`; the climb is not counted because no folder inside a ruled layer has a layer's name.
 */
function reach(target, carved) {
  if (ROOT_MODULES.includes(target)) return `^(\\.\\./)+${escape(target)}\\.ts$`;
  const except = carved.length ? `(?!${anyOf(carved)}\\.ts$)` : '';
  return `^(\\.\\./)+${escape(target)}(/${except}|\\.ts$)`;
}

function restrictions(layer, rule) {
  const values = [layer, ...rule.values];
  const typesOnly = rule.types === '*' ? [...FOLDERS, ...ROOT_MODULES] : (rule.types ?? []);
  const patterns = [...FOLDERS, ...ROOT_MODULES]
    .filter((target) => !values.includes(target))
    .map((target) => {
      const carved = values.filter((v) => v.startsWith(`${target}/`)).map((v) => v.slice(target.length + 1));
      const types = typesOnly.includes(target);
      const what = carved.length ? `src/${target} (except ${carved.join(', ')})` : `src/${target}`;
      return {
        regex: reach(target, carved),
        caseSensitive: true,
        allowTypeImports: types,
        message: `src/${layer} may not import ${what}${types ? ' values; import type is fine' : ''} (ARCHITECTURE.md).`,
      };
    });
  if (rule.npm !== '*') {
    const listed = rule.npm.length ? `|${anyOf(rule.npm)}(/|$)` : '';
    patterns.push({
      // Any package that is neither listed nor a Node builtin (builtins have their own entries below).
      regex: `^(?![./]|node:|${anyOf(BUILTINS)}$${listed})`,
      caseSensitive: true,
      allowTypeImports: rule.npmTypes === true,
      message: `src/${layer} may import from npm only ${rule.npm.join(', ') || 'types'} (ARCHITECTURE.md).`,
    });
  }
  const why = layer === 'workflows' ? 'workflows must be deterministic' : `src/${layer} does no I/O`;
  const paths =
    rule.builtins === false
      ? BUILTINS.flatMap((m) => [m, `node:${m}`]).map((name) => ({
          name,
          allowTypeImports: true,
          message: `No Node APIs here: ${why} (import type is fine).`,
        }))
      : [];
  return { paths, patterns };
}

const layerConfigs = Object.entries(LAYERS).map(([layer, rule]) => ({
  files: [ROOT_MODULES.includes(layer) ? `src/${layer}.ts` : `src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': ['error', restrictions(layer, rule)],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.adpilot/**', 'coverage/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // async functions that satisfy an async interface without awaiting are fine.
      '@typescript-eslint/require-await': 'off',
    },
  },
  ...layerConfigs,
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
