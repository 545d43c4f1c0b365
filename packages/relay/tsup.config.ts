import { nodePackage } from '../../tsup.node-package.js';
import { statusPageDefine } from './status-page-assets.js';

export default nodePackage({
  external: ['zohokit', 'better-sqlite3'],
  // The status page's files are built in (status-page-assets.ts): dist needs nothing beside it.
  define: statusPageDefine(),
});
