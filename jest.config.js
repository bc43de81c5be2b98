/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
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
};
