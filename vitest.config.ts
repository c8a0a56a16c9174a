import { defineConfig } from 'vitest/config';

// Two projects: `fast` (unit, contract and lab tests: a change is checked in seconds with
// `npm run test:fast`) and `e2e` (the controller against the lab, child processes, the demo).
// `npm test` (what CI runs) runs both.
const slow = ['test/e2e/**/*.test.ts', 'test/cli/demo.test.ts'];

export default defineConfig({
  test: {
    // Lab servers bind loopback ports; spreading files over 2 workers keeps a 2-core machine responsive.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    benchmark: { include: ['bench/**/*.bench.ts'] },
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: slow } },
      { extends: true, test: { name: 'e2e', include: slow } },
    ],
  },
});
