/**
 * The build every Node-side package shares (emulator, redis, relay): one `src/index.ts` entry to ESM + CJS +
 * `.d.ts` for Node 20. A package's own tsup.config.ts adds only what is its own.
 */
import { defineConfig, type Options } from 'tsup';

export function nodePackage(extra: Options = {}) {
  return defineConfig({
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    ...extra,
  });
}
