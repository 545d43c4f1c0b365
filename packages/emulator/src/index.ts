export type { EmulatorApp } from './app.js';
export { createEmulatorApp } from './app.js';
export type { AuthFailureReason, AuthResult } from './auth/authenticate.js';
export type {
  AccessTokenSummary,
  ClientSummary,
  ControlError,
  CountersSnapshot,
  CreateClientInput,
  CreatedClient,
  ExpireTokensInput,
  ExpireTokensResult,
  FaultQueueSummary,
  MintedGrantCode,
  MintGrantCodeInput,
  RefreshTokenSummary,
  RevokeTokenResult,
  TokenState,
  TokensSnapshot,
} from './control/types.js';
export { EmulatorControl } from './control-client.js';
export type { Counters, TokenCallKind } from './counters.js';
export type { EchoResponse } from './echo-route.js';
export type { Fault, FaultSpec } from './fault-queue.js';
export type { DataCenter, EmulatorLimits, EmulatorOptions, ResolvedEmulatorOptions } from './options.js';
export { DATA_CENTERS } from './options.js';
export type { EmulatorEndpoints, EmulatorHandle } from './start-emulator.js';
export { startEmulator } from './start-emulator.js';
export type {
  AccessTokenRecord,
  ClientRecord,
  ClientType,
  EmulatorState,
  GrantCodeRecord,
  GrantType,
  RefreshTokenRecord,
  UserRecord,
} from './state.js';
export type { WhoamiResponse } from './whoami-route.js';
