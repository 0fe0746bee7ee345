import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    // oclif writes through console.log; vitest would swallow it otherwise.
    disableConsoleIntercept: true,
    include: ['test/**/*.test.ts'],
    // The real-cluster tier has its own config (vitest.cluster.config.ts, npm run test:cluster).
    exclude: ['**/node_modules/**', 'test/cluster/**'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
