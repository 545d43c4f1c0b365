/**
 * What command modules share, from one place. Besides tidiness this is about start-up: esbuild puts modules
 * that the same commands import into the same chunk, so a command loads one shared chunk instead of eight
 * (each extra module file costs about a millisecond at start; bench/cli-startup.ts).
 */
export * from './cli-error.js';
export * from './context.js';
export * from './exit-codes.js';
export * from './is-record.js';
export * from './output/errors.js';
export * from './output/print.js';
export * from './output/table.js';
export * from './output/verbose.js';
export * from './parse-flags.js';
export * from './profile/config-file.js';
export * from './profile/resolve-profile.js';
export * from './zoho-client.js';
