import { readFileSync, writeFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';
import { statusPageDefine } from '../relay/status-page-assets.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * commander requires `child_process` when it loads, for executable subcommands, which zohokit has none of:
 * ~3.5 ms of CPU on every start. It gets a stand-in that loads the real module on first use.
 */
const lazyChildProcess: Plugin = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('node_modules/commander')
        ? { path: 'lazy-child-process', namespace: 'zohokit' }
        : undefined,
    );
    build.onLoad({ filter: /^lazy-child-process$/, namespace: 'zohokit' }, () => ({
      contents:
        "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

/**
 * The `import()` calls left in the bundle (the ES modules kept external) go through `__zohokitImport`, which
 * bin.ts passes in: Node 20 loses the dynamic-import callback of a function that V8 compiles lazily from a
 * script read back from a code cache ("A dynamic import callback was not specified"), while an `import()` in
 * bin.cjs itself, a plain CommonJS file, always works. Loaded without bin.ts, the bundle falls back to its own.
 */
function routeDynamicImports(file: URL): void {
  let code = readFileSync(file, 'utf8');
  const calls = [...code.matchAll(/(?<![\w$.])import\((?=["'])/g)].length;
  if (calls === 0 || !code.startsWith('#!/usr/bin/env node\n"use strict";\n')) {
    throw new Error('cli.cjs: expected `import("…")` calls after a "use strict" prologue; check the bundle');
  }
  code = code.replace(/(?<![\w$.])import\((?=["'])/g, '__zohokitImport(');
  code = code.replace(
    '"use strict";\n',
    '"use strict";\nvar __zohokitImport = typeof __zohokitImport === "function" ? __zohokitImport : (specifier) => import(specifier);\n',
  );
  writeFileSync(file, code);
}

/**
 * esbuild escapes non-ASCII characters in code but keeps the comments it preserves as written. One `→` in a
 * comment makes the whole bundle a two-byte string in V8 (twice the bytes to decode, copy and hash on every
 * start); all-ASCII, bin.ts reads it as latin1, a one-byte string. A `\uXXXX` escape means the same character
 * in a string, a template, a regular expression or an identifier, and is inert in a comment.
 */
function asciiOnly(file: URL): void {
  const code = readFileSync(file, 'utf8');
  const ascii = code.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== code) writeFileSync(file, ascii);
}

export default defineConfig({
  // bin.ts is the `zohokit` binary (it answers --version itself); cli.ts is the whole CLI in one file.
  entry: { zohokit: 'src/bin.ts', cli: 'src/cli.ts' },
  // Start-up (bench/cli-startup.ts): CommonJS, because Node 20 starts its ES module loader (~7 ms) for an ESM
  // entry; one file, because each extra module file costs a read, a resolve and a compile. Command modules are
  // still dynamic imports in the source: esbuild inlines them as modules that run only when their command does.
  format: ['cjs'],
  outExtension: () => ({ js: '.cjs' }),
  splitting: false,
  clean: true,
  sourcemap: false,
  target: 'node20',
  platform: 'node',
  banner: { js: '#!/usr/bin/env node' },
  // The relay's status page is built in with the relay's code (packages/relay/status-page-assets.ts).
  define: { __ZOHOKIT_VERSION__: JSON.stringify(version), ...statusPageDefine() },
  // commander and picocolors are CommonJS, which Node would resolve file by file on every start; the SDK is built
  // in from its sources (the root tsconfig's `paths`), so the CLI runs without a built SDK. The emulator,
  // prompts, progress bar and `open` (ES modules) stay external and load by `import()` in the commands that use them.
  noExternal: ['commander', 'picocolors', 'zohokit', 'zohokit/node', '@zohokit/relay'],
  // The relay is built in from its sources too, so that it shares the CLI's SDK (`instanceof ZohoError` holds
  // across both); its own dependencies (a native SQLite addon, the HTTP server, zod) stay external and are
  // required only when a `relay` command runs (ioredis only for `--queue redis`).
  external: [
    './cli.cjs',
    'better-sqlite3',
    /^hono(\/|$)/,
    /^@hono\/node-server(\/|$)/,
    /^zod(\/|$)/,
    /^pino(\/|$)/,
    /^prom-client(\/|$)/,
    'ioredis',
  ],
  esbuildPlugins: [lazyChildProcess],
  // tsup's own plugin would strip `node:` from commander's `require('node:child_process')` and mark it external
  // before the stand-in above sees it; Node 20 understands the prefix.
  removeNodeProtocol: false,
  esbuildOptions(options) {
    // Keep `import()` of the external ES modules as `import()`; esbuild would otherwise make it `require()`.
    options.supported = { ...options.supported, 'dynamic-import': true };
    // The relay's status-page.ts reads its files through `import.meta.url` only when run from source; in this
    // bundle its files are built in (the define above) and that branch is dead, so the empty import.meta is moot.
    options.logOverride = { ...options.logOverride, 'empty-import-meta': 'silent' };
  },
  tsconfig: '../../tsconfig.json',
  async onSuccess() {
    routeDynamicImports(new URL('./dist/cli.cjs', import.meta.url));
    asciiOnly(new URL('./dist/cli.cjs', import.meta.url));
    // `node dist/cli.js …` (the tests, older instructions) keeps working: an ES module that runs the binary.
    writeFileSync(new URL('./dist/cli.js', import.meta.url), "#!/usr/bin/env node\nimport './zohokit.cjs';\n", {
      mode: 0o755,
    });
  },
});
