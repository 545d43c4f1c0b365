export { FileTokenStore, TokenFileError } from './file-store.js';
export { writeSecretFile } from './secret-file.js';
