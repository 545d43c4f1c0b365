/**
 * Node-only additions to the SDK: the file token store, the atomic secret-file writer, the node:http transport.
 *
 * @packageDocumentation
 * @module zohokit/node
 */
export * from '../../packages/zohokit/src/node/index.js';
