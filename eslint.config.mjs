// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layerRules = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['../*', '../../*'],
          message: "Use absolute 'src/…' imports across folders (docs/architecture.md).",
        },
        {
          group: ['typeorm', 'typeorm/*'],
          message: 'typeorm only in src/database/** and *.repository.ts (docs/architecture.md).',
        },
        {
          group: ['fastify', '@fastify/*', '@nestjs/platform-fastify'],
          message:
            'The HTTP platform (fastify) only in main.ts, common/http/, controllers, filters, hooks and interceptors (docs/architecture.md).',
          allowTypeImports: false,
        },
      ],
    },
  ],
  'no-restricted-properties': [
    'error',
    {
      object: 'process',
      property: 'env',
      message: 'Read configuration through src/config/ (docs/architecture.md).',
    },
  ],
};

/**
 * The layers of server/src, lowest first (docs/architecture.md). A folder imports only from its
 * own layer and the ones below; an upward import fails `npm run check`, even one that would be
 * wired at start-up.
 */
const LAYERS = [
  ['common', 'config', 'database'],
  ['organizations'],
  ['object-definitions', 'property-indexes'],
  ['association-definitions'],
  ['access'],
  ['events'],
  ['records'],
  ['data-model', 'associations', 'timeline', 'webhooks'],
  // hubspot/ uses both data-model/ and associations/, so it sits above them.
  ['definitions-transfer', 'imports', 'hubspot'],
  ['openapi', 'health'],
  ['cli'],
];

/** Only the write path's persist stage (and the module providing it) holds the row writers. */
const WRITE_REPOSITORY_HOLDERS = [
  'server/src/records/record-write-persist.stage.ts',
  'server/src/records/records.module.ts',
];

const writeRepositoryImport = {
  selector: 'ImportDeclaration[source.value=/record-writes\\.repository$/]',
  message:
    'Record rows are written only through the write path (records/record-write.pipeline.ts); see docs/architecture.md.',
};

function upwardImports(layerIndex) {
  const above = LAYERS.slice(layerIndex + 1).flat();
  const sameLayer = LAYERS[layerIndex] ?? [];
  return (folder) => {
    // Folders of one layer stand side by side; data-model and associations do not import each other.
    const forbidden = [
      ...above,
      ...sameLayer.filter((other) => other !== folder && sameLayer.includes('data-model')),
    ];
    return forbidden.length === 0
      ? []
      : [
          {
            selector: `ImportDeclaration[source.value=/^src\\/(${forbidden.join('|')})\\//]`,
            message: `Layers call down only: ${folder}/ may not import from ${forbidden.join(', ')} (docs/architecture.md).`,
          },
        ];
  };
}

const layerOrder = LAYERS.flatMap((folders, index) =>
  folders.map((folder) => ({
    files: [`server/src/${folder}/**/*.ts`],
    // Unit tests may exercise a lower layer together with a higher one.
    ignores: ['server/src/**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...upwardImports(index)(folder),
        ...(folder === 'records' ? [] : [writeRepositoryImport]),
      ],
    },
  })),
);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.plinth/**',
      'coverage/**',
      'artifacts/**',
      'jest.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
      eqeqeq: 'error',
      curly: 'error',
      'no-console': 'error',
    },
  },
  { files: ['server/src/**/*.ts'], rules: layerRules },
  {
    // The composition root wires the DataSource into the app; nothing else may.
    files: [
      'server/src/database/**/*.ts',
      'server/src/**/*.repository.ts',
      'server/src/app.module.ts',
      'server/src/app.setup.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../*', '../../*'], message: "Use absolute 'src/…' imports." }] },
      ],
    },
  },
  {
    files: [
      'server/src/main.ts',
      'server/src/common/http/**/*.ts',
      'server/src/common/logging/**/*.ts',
      'server/src/**/*.controller.ts',
      'server/src/**/*.filter.ts',
      'server/src/**/*.hook.ts',
      'server/src/**/*.interceptor.ts',
      'server/src/**/*.decorator.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*', '../../*'], message: "Use absolute 'src/…' imports." },
            {
              group: ['typeorm', 'typeorm/*'],
              message: 'typeorm only in src/database/** and *.repository.ts.',
            },
          ],
        },
      ],
    },
  },
  { files: ['server/src/config/**/*.ts'], rules: { 'no-restricted-properties': 'off' } },
  ...layerOrder,
  {
    files: ['server/src/records/**/*.ts'],
    ignores: WRITE_REPOSITORY_HOLDERS,
    rules: {
      'no-restricted-syntax': [
        'error',
        ...upwardImports(LAYERS.findIndex((l) => l.includes('records')))('records'),
        writeRepositoryImport,
      ],
    },
  },
  {
    files: ['server/src/*.ts', 'server/src/**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', writeRepositoryImport] },
  },
  {
    // The admin UI (docs/architecture.md): type-checked with admin-ui/tsconfig.json, plus React's hook rules.
    files: ['admin-ui/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['admin-ui/**/*.spec.{ts,tsx}', 'admin-ui/src/test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-properties': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.cjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.mjs', '**/*.cjs', '**/*.js'], languageOptions: { globals: { ...globals.node } } },
  prettier,
);
