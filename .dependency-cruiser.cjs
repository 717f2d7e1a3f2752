/**
 * Layer rules: dependencies point inward only (composition -> adapters -> application -> domain),
 * and every file under src/ belongs to a layer (or is main.ts / index.ts).
 */
module.exports = {
  forbidden: [
    {
      name: 'every-file-in-a-layer',
      comment:
        'src/ holds main.ts, index.ts and the layer folders only: domain, application, adapters, composition.',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: '^src/((domain|application|adapters|composition)/|(main|index)\\.ts$)',
      },
      to: {},
    },
    {
      name: 'no-orphans',
      comment:
        'A file under src/ that nothing imports and that imports nothing is dead or misplaced.',
      severity: 'error',
      from: { orphan: true, path: '^src/' },
      to: {},
    },
    {
      name: 'domain-is-pure',
      comment:
        'src/domain imports nothing outside itself: no node:, no npm packages, no other layer.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { pathNot: '^src/domain' },
    },
    {
      name: 'application-not-to-outer-layers',
      comment:
        'The application owns the ports; adapters implement them, never the other way round.',
      severity: 'error',
      from: { path: '^src/application' },
      to: { path: '^src/(adapters|composition|main\\.ts|index\\.ts)' },
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
      comment: 'Only the composition root knows every adapter; adapters know ports, not wiring.',
      severity: 'error',
      from: { path: '^src/adapters' },
      to: { path: '^src/(composition|main\\.ts|index\\.ts)' },
    },
    {
      name: 'main-only-composes',
      comment: 'main.ts reads argv and hands over to the composition root.',
      severity: 'error',
      from: { path: '^src/main\\.ts$' },
      to: { path: '^src/', pathNot: '^src/composition/' },
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
