// Lint guards what the compiler cannot: promises nobody awaits, and the boundaries between workflows, services and
// libs (workflow code must stay replayable; a service owns its data and never imports another service).
import tseslint from 'typescript-eslint';

const services = ['api', 'harvest', 'scoring', 'qualification', 'routing', 'nurture', 'engagement'];

/** Imports a service may not make: any other service's code, and workflow code other than its types. */
function serviceBoundaries(self) {
  return [
    ...services.filter((s) => s !== self).map((s) => ({ group: [`**/services/${s}/**`, `**/../${s}/src/**`], message: `services never import each other (${self} → ${s}); share through libs/contracts, an activity or an internal route` })),
    { group: ['**/workflows/src/**'], message: 'services reach workflows through Temporal, not imports (type-only imports of workflow functions are fine)', allowTypeImports: true },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '**/*.js', '**/*.mjs', 'workflows/test/histories/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unsafe-function-type': 'error',
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/services/**', '**/workflows/**', '**/tools/**'], message: 'libs never import services, workflows or tools' }] }] },
  },
  // Specs may use development fakes; production code may not. A later block replaces the rule's options, so the
  // production block restates the service boundaries.
  ...services.flatMap((name) => [
    { files: [`services/${name}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns: serviceBoundaries(name) }] } },
    {
      files: [`services/${name}/**/*.ts`],
      ignores: ['**/*.spec.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns: [...serviceBoundaries(name), { group: ['**/tools/**'], message: 'production code never imports tools (development fakes are not in the image)' }] }] },
    },
  ]),
  {
    // Workflow code runs in Temporal's deterministic sandbox: only the workflow SDK and workflow-safe contracts.
    files: ['workflows/src/workflows/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'workflow code cannot use Node APIs' },
            { regex: '^@temporalio/(?!workflow$|common$)', message: 'workflow code imports only @temporalio/workflow (and @temporalio/common types)' },
            { regex: '^(?!@temporalio/|#libs/|\\.{1,2}/)', message: 'workflow code imports only @temporalio/workflow and workflow-safe code' },
            { regex: '^#libs/(?!contracts$|pipeline-clock$)', message: 'workflow code imports only libs/contracts and pure workflow-safe libs' },
            { regex: '/libs/', message: 'workflow code imports libs by name (#libs/contracts), not by path' },
            { regex: '/(services|tools)/', message: 'workflow code never imports services or tools' },
          ],
        },
      ],
    },
  },
);
