import { nodePackage } from '../../tsup.node-package.js';

export default nodePackage({ external: ['zohokit', 'better-sqlite3'] });
