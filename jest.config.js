/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment, measuring each file's CPU for the slowest-files reporter.
  testEnvironment: "<rootDir>/tests/support/cpu-measured-environment.js",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // p-retry and its one dependency ship as ES modules only; compile them to CommonJS for jest.
    "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "tests/tsconfig.json", diagnostics: { warnOnly: false } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(p-retry|is-network-error)/)"],
  moduleNameMapper: {
    "^pulumi-ddm$": "<rootDir>/sdk/index.ts",
    "^pulumi-ddm/(provider|simulator)$": "<rootDir>/$1/index.ts",
  },
  modulePathIgnorePatterns: ["<rootDir>/dist/"],
  setupFilesAfterEnv: ["<rootDir>/tests/support/isolated-limits.ts"],
  testTimeout: 60000,
  // Most files wait more than they compute (simulated jobs, CLI and npm processes), so more workers
  // than cores (jest's default is one fewer than the cores) keeps both busy.
  // JEST_MAX_WORKERS (or -w) overrides.
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 3,
  testSequencer: "<rootDir>/tests/support/slow-first-sequencer.js",
  // What the run's files share: the packed package, the programs it is installed in (tests/support/shared-run.ts).
  globalSetup: "<rootDir>/tests/support/run-setup.ts",
  globalTeardown: "<rootDir>/tests/support/run-teardown.ts",
  // The slowest files at the end of every run (CI logs included).
  reporters: ["default", "<rootDir>/tests/support/slowest-files-reporter.js"],
};
