/** Set by tsup from package.json at build time (tsup.config.ts), so `--version` reads no file. */
declare const __ZOHOKIT_VERSION__: string;
