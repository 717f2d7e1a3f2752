/** Layer rules: dependencies point inward only (adapters -> application -> domain). */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain imports nothing outside itself: no node:, no npm packages, no other layer.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { pathNot: '^src/domain' },
    },
    {
      name: 'application-not-to-adapters',
      comment:
        'The application owns the ports; adapters implement them, never the other way round.',
      severity: 'error',
      from: { path: '^src/application' },
      to: { path: '^src/(adapters|main|container|config)' },
    },
    {
      name: 'application-no-node-io',
      comment: 'Use cases reach the outside world only through ports.',
      severity: 'error',
      from: { path: '^src/application' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?(events)$' },
    },
    {
      name: 'adapters-not-to-composition-root',
      comment: 'Only the composition root knows every adapter.',
      severity: 'error',
      from: { path: '^src/adapters' },
      to: { path: '^src/(main|container)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
