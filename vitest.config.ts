import { defineConfig } from 'vitest/config';

// One runner for the whole suite. Projects keep environments apart: node code runs in
// node, editor components in happy-dom, browser end-to-end tests drive Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['shared/**/*.test.ts', 'nodes/**/*.test.ts', 'runtime/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Some unit tests poll a run through the run manager on the embedded database.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
      {
        test: {
          name: 'api',
          environment: 'node',
          include: ['test/api/**/*.test.ts', 'test/engine/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/cluster/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // Polls wait on a server or a browser doing real work on a shared machine; the
          // 1 s default fails a correct build whenever CI is busy.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
      {
        test: {
          name: 'editor',
          environment: 'happy-dom',
          include: ['editor/**/*.test.{ts,tsx}'],
          setupFiles: ['editor/vitest.setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});
