export { FileTokenStore, TokenFileError } from './file-store.js';
