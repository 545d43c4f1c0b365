/**
 * The SDK: the `Zoho` client, token manager, request pipeline, typed errors, Desk and Campaigns clients.
 *
 * @packageDocumentation
 * @module zohokit
 */
export * from '../../packages/zohokit/src/index.js';
