/* global module */
/**
 * The layout's import rules, checked by `npm run lint` and by `test/dependencies.test.ts`. Each rule states what
 * holds today, so a new import that breaks the layout fails the lint instead of growing unseen.
 *
 * Layers of the libs, lowest first: errors; protocol, bus, store, telemetry; receipt-proof, solana, localchain;
 * light-client; sdk; relayer; devnet (development only); explorer. Services compose libs on the services' runtime
 * (services/runtime: config, context, lifecycle); only the CLI composes services.
 */
const TEST_CODE = '(\\.test\\.ts$|/testing/|/bench/|TestSeed\\.ts$|^test/)'

/** What each lower lib may import from its siblings (their source, whatever the entry point). */
const LIB_DEPENDENCIES = {
  errors: [],
  protocol: ['errors'],
  bus: ['errors'],
  store: ['errors'],
  telemetry: ['errors'],
  'receipt-proof': ['errors', 'protocol'],
  solana: ['errors', 'protocol'],
  localchain: ['errors', 'protocol'],
  'light-client': ['errors', 'protocol', 'receipt-proof'],
  sdk: ['errors', 'protocol', 'localchain'],
}

const layerRules = Object.entries(LIB_DEPENDENCIES).map(([lib, allowed]) => ({
  name: `lib-layer-${lib}`,
  comment:
    `libs/${lib} imports only ` +
    `${allowed.length ? allowed.map((a) => `libs/${a}`).join(', ') : 'no other lib'} (tests may use more)`,
  severity: 'error',
  from: { path: `^libs/${lib}/`, pathNot: TEST_CODE },
  to: { path: '^libs/([^/]+)/', pathNot: `^libs/(${[lib, ...allowed].join('|')})/` },
}))

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'no import cycle, type-only imports included',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'libs-not-into-services',
      comment: 'a lib never imports a service',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^services/' },
    },
    {
      name: 'devnet-only-for-development',
      comment:
        'the devnet package (local signers, load generator, fault player) is a dev dependency: no other lib and ' +
        'no service but the devnet imports it (tests, harnesses and benches may)',
      severity: 'error',
      from: { path: '^(libs|services)/', pathNot: `^(libs/devnet|services/devnet)/|${TEST_CODE}` },
      to: { path: '^libs/devnet/' },
    },
    {
      name: 'services-not-into-services',
      comment:
        "a service imports libs and the services' runtime (services/runtime) only; the CLI is the one composition " +
        'of services',
      severity: 'error',
      from: { path: '^services/([^/]+)/', pathNot: '^services/cli/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/($1|runtime)/' },
    },
    {
      name: 'stages-from-their-entries',
      comment:
        "the services' runtime reaches the relayer only through its narrow entries (`@relaymesh/relayer/runtime`, " +
        '`/start/<stage>`, `/testing` in tests), never its whole public entry, so a service process loads only the ' +
        'stages it runs',
      severity: 'error',
      from: { path: '^services/runtime/' },
      to: { path: '^libs/relayer/src/index\\.ts$' },
    },
    {
      name: 'not-into-batcher-internals',
      comment:
        'the settler and the follower import nothing under batcher/ (proposing, co-signing, sealing): what they ' +
        'share with it is in batch/ (where batches live, how they are read, hashed and traced) and loop/ ' +
        '(the service loop), which import nothing under batcher/ either; their tests may start a batcher',
      severity: 'error',
      from: { path: '^libs/relayer/src/(settler|follower|batch|loop)/', pathNot: TEST_CODE },
      to: { path: '^libs/relayer/src/batcher/' },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'production code never imports tests, test harnesses or benches',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      // test/infra.mjs finds or starts Postgres and NATS: the devnet uses it as much as the tests do.
      to: { path: TEST_CODE, pathNot: '^test/infra\\.mjs$' },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'default'],
      extensions: ['.ts', '.js', '.mjs'],
    },
  },
}
