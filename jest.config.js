/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*-test.ts"],
  // Type-checking is `tsc --noEmit` in `npm test`; jest only transpiles.
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  // What the synth bundle (scripts/synth.js) loads in place of archiver, which cdktf requires
  // for zipped assets the app never makes: a fifth of loading cdktf, in every test file.
  moduleNameMapper: { "^archiver$": "<rootDir>/scripts/no-archiver.js" },
  testTimeout: 60000,
  // cdktf's creation stacks formatted as outside jest, not source-mapped (see the file).
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/plain-creation-stacks.ts"],
  // Builds the app's bundle (dist/) once, before the test files that run it as `cdktf synth`
  // does (support/app.ts) start in parallel.
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  // One worker per core (jest's default leaves one core to itself): app-test spends most of its
  // time waiting on the CLI processes it starts, so another worker runs the rest meanwhile.
  maxWorkers: "100%",
};
