import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  // Each command module is a dynamic import, so it becomes its own chunk: `--version` loads the command tree only.
  splitting: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
  platform: 'node',
  banner: {
    // The bundled CommonJS (see noExternal) requires Node built-ins such as `events`.
    js: "#!/usr/bin/env node\nimport { createRequire as __zohokitCreateRequire } from 'node:module';\nconst require = __zohokitCreateRequire(import.meta.url);",
  },
  define: { __ZOHOKIT_VERSION__: JSON.stringify(version) },
  // Start-up (bench/cli-startup.ts): commander and picocolors are CommonJS, which Node would run through its CJS
  // lexer and resolve file by file on every start; the SDK is built in from its sources (the root tsconfig's
  // `paths`), so a command loads one shared chunk with it instead of resolving two more files in node_modules,
  // and the CLI runs without a built SDK. The emulator, prompts, progress bar and `open` stay external.
  noExternal: ['commander', 'picocolors', 'zohokit', 'zohokit/node'],
  tsconfig: '../../tsconfig.json',
});
