/**
 * The Web-standard context: an edge-runtime VM (Web APIs only: no `process`, `require`, `Buffer` or Node
 * built-ins). The built `zohokit` ESM entry and scenarios.mjs are bundled by esbuild into one script, as a
 * Workers-style bundler would (platform `neutral`: an import of a Node built-in fails the bundle), evaluated
 * inside the VM, and run there; fetch reaches the emulator on 127.0.0.1. This host is the only Node code.
 */
import { readFileSync } from 'node:fs';
import { EdgeRuntime } from 'edge-runtime';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const config = JSON.parse(process.argv[2]);
const bundle = await build({
  stdin: {
    contents:
      "import * as sdk from '../../packages/zohokit/dist/index.js';\n" +
      "import { runScenarios } from './scenarios.mjs';\n" +
      'globalThis.__conformance = (config) => runScenarios(sdk, config);\n',
    resolveDir: here,
    sourcefile: 'edge-entry.mjs',
  },
  bundle: true,
  format: 'iife',
  platform: 'neutral',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
});
const runtime = new EdgeRuntime();
const globals = runtime.evaluate(
  '({ process: typeof process, require: typeof require, Buffer: typeof Buffer, EdgeRuntime: typeof EdgeRuntime })',
);
runtime.evaluate(bundle.outputFiles[0].text);
const results = await runtime.evaluate(`__conformance(${JSON.stringify(config)})`);
const { version } = JSON.parse(readFileSync(new URL('../../node_modules/edge-runtime/package.json', import.meta.url)));
console.log(JSON.stringify({ runtime: 'edge-runtime', version, globals, results }));
