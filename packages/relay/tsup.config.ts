import { nodePackage } from '../../tsup.node-package.js';
import { statusPageDefine } from './status-page-assets.js';

export default nodePackage({
  external: ['zohokit', 'better-sqlite3'],
  // status-page.ts reads its files beside the source through `import.meta.url` (a branch a build never takes):
  // the shim keeps that valid in the CommonJS build.
  shims: true,
  // The status page's files are built in (status-page-assets.ts): dist needs nothing beside it.
  define: statusPageDefine(),
});
