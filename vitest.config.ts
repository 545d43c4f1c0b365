import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources, so `npm run test:only` needs no build.
    alias: [
      { find: /^zohokit\/node$/, replacement: src('./packages/zohokit/src/node/index.ts') },
      { find: /^zohokit$/, replacement: src('./packages/zohokit/src/index.ts') },
      { find: /^@zohokit\/emulator$/, replacement: src('./packages/emulator/src/index.ts') },
      { find: /^@zohokit\/redis$/, replacement: src('./packages/redis/src/index.ts') },
      { find: /^@zohokit\/relay$/, replacement: src('./packages/relay/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Generous: CLI tests spawn processes and the machines are shared; a real hang still fails.
    testTimeout: 60_000,
    hookTimeout: 20_000,
    reporters: ['default', './scripts/summary-reporter.ts'],
    // Type tests (*.test-d.ts) run as part of `vitest run`: tsc checks their expectTypeOf assertions. Errors in
    // other files are `npm run typecheck`'s business, so a work-in-progress source file does not fail them here.
    typecheck: {
      enabled: true,
      include: ['packages/*/test/**/*.test-d.ts', 'test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
      ignoreSourceErrors: true,
    },
  },
});
