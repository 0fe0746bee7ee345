import {defineConfig} from 'vitest/config'

// The cluster tier (npm run test:cluster): a real etcd and kube-apiserver, started once per run by the
// global setup. Not part of `npm test` (vitest.config.ts includes only test/**/*.test.ts outside
// test/cluster).
export default defineConfig({
  test: {
    disableConsoleIntercept: true,
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/cluster/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // One server for every file: run the files one after another so they do not compete for 2 cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
