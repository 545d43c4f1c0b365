import { cpSync } from 'node:fs';
import { nodePackage } from '../../tsup.node-package.js';

export default nodePackage({
  // `import.meta.url` locates the inspector's assets; the shim makes it work in the CommonJS build too.
  shims: true,
  // The inspector page ships as plain files beside the bundle: dist/inspector/{index.html,inspector.js,...}, its
  // ES modules as they are. The type-check's tsconfig.json and the .d.ts are for the sources only.
  onSuccess: async () => {
    cpSync('src/inspector/assets', 'dist/inspector', {
      recursive: true,
      filter: (source) => !/(\.d\.ts|tsconfig\.json)$/.test(source),
    });
  },
});
