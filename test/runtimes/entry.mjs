/**
 * Entry point for Node, Bun and Deno: reads the config (argv), runs the scenarios on the built `zohokit` ESM
 * entry, prints one JSON line. Only this file knows which runtime it is in.
 */
import * as sdk from '../../packages/zohokit/dist/index.js';
import { runScenarios } from './scenarios.mjs';

const { Deno, Bun, process } = globalThis;
const [runtime, version, arg] = Deno
  ? ['deno', Deno.version.deno, Deno.args[0]]
  : Bun
    ? ['bun', Bun.version, process.argv[2]]
    : ['node', process.versions.node, process.argv[2]];
const results = await runScenarios(sdk, JSON.parse(arg));
console.log(JSON.stringify({ runtime, version, results }));
