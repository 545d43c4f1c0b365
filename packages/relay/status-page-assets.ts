/**
 * For the builds (this package's tsup.config.ts and the CLI's, which bundles the relay's sources): the status
 * page's files as one `define`, so a bundle carries the page inside it (src/http/status-page.ts reads it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATUS_PAGE_TYPES } from './src/http/status-page.js';

export function statusPageDefine(): Record<string, string> {
  const dir = fileURLToPath(new URL('./src/http/status-page/', import.meta.url));
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (Object.hasOwn(STATUS_PAGE_TYPES, extname(name))) files[name] = readFileSync(join(dir, name), 'utf8');
  }
  if (!files['index.html']) throw new Error(`status page: no index.html in ${dir}`);
  // A define is a JavaScript expression: the string literal of the files' JSON.
  return { __ZOHOKIT_RELAY_STATUS_PAGE__: JSON.stringify(JSON.stringify(files)) };
}
