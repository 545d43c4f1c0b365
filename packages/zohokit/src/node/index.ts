export { FileTokenStore, TokenFileError } from './file-store.js';
export {
  createNodeTransport,
  type NodeTransport,
  type NodeTransportOptions,
  type NodeTransportResponse,
} from './node-transport.js';
export { writeSecretFile } from './secret-file.js';
