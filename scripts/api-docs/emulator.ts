/**
 * A local Zoho (Accounts/OAuth, Desk, Campaigns) with Zoho's quirks and limits, fault injection and a control API.
 *
 * @packageDocumentation
 * @module @zohokit/emulator
 */
export * from '../../packages/emulator/src/index.js';
