export type { EmulatorApp } from './app.js';
export { createEmulatorApp } from './app.js';
export type { AuthFailureReason, AuthResult } from './auth/authenticate.js';
export type {
  CampaignsApiName,
  CampaignsEmulatorOptions,
  CampaignsWindow,
  ResolvedCampaignsOptions,
} from './campaigns/campaigns-options.js';
export { CAMPAIGNS_APIS, DEFAULT_CAMPAIGNS_LIMITS, DEFAULT_CAMPAIGNS_LOCK_MS } from './campaigns/campaigns-options.js';
export type {
  CampaignsApiWindowState,
  CampaignsContactRecord,
  CampaignsContactStatus,
  CampaignsListRecord,
  CampaignsState,
} from './campaigns/campaigns-state.js';
export { CAMPAIGNS_SEED_LISTS } from './campaigns/campaigns-state.js';
export type { CampaignsControl } from './campaigns/control-client.js';
export type {
  CampaignsApiLimitSummary,
  CampaignsListSummary,
  CampaignsSnapshot,
  CampaignsStatusCounts,
  CampaignsSubscriberSummary,
  ConfirmCampaignsSubscriptionInput,
  CreateCampaignsListInput,
  SeedCampaignsSubscribersInput,
  SeedCampaignsSubscribersResult,
} from './campaigns/control-types.js';
// The control API's request and response shapes are public as a whole: EmulatorControl takes and returns them.
export type * from './control/types.js';
export type { IssuedTokens, IssueRefreshTokenInput } from './control-client.js';
export { EmulatorControl } from './control-client.js';
export type { Counters, TokenCallKind } from './counters.js';
export type { CrmControl } from './crm/crm-control-client.js';
export type {
  AddCrmFieldInput,
  CrmModuleSummary,
  CrmOverview,
  CrmRecentRecord,
  SeedCrmRecordsInput,
  SeedCrmRecordsResult,
  SetCrmLimitsInput,
  UpdateCrmFieldInput,
} from './crm/crm-control-types.js';
export type { CrmDataType, CrmFieldRecord } from './crm/crm-fields.js';
export type { CrmEmulatorOptions, ResolvedCrmOptions } from './crm/crm-options.js';
export type { CrmCreditBucket, CrmModuleRecord, CrmRecord, CrmState } from './crm/crm-state.js';
export type { CreateDeskTicketFieldInput, DeskControl } from './desk/desk-control-client.js';
export type {
  DeskConcurrencySetting,
  DeskContactRecord,
  DeskCustomFieldValues,
  DeskDepartmentSummary,
  DeskOrgSummary,
  DeskOverview,
  DeskTicketRecord,
  SeedDeskTicket,
  SeedDeskTicketsInput,
  SetDeskConcurrencyInput,
} from './desk/desk-control-types.js';
export type { DeskEmulatorOptions, ResolvedDeskOptions } from './desk/desk-options.js';
export type { DeskCustomFieldDef, DeskDepartmentRecord, DeskOrgRecord, DeskState } from './desk/desk-state.js';
export {
  DESK_FOREIGN_ORG_ID,
  DESK_ORG_ID,
  DESK_SALES_DEPARTMENT_ID,
  DESK_SUPPORT_DEPARTMENT_ID,
} from './desk/desk-state.js';
export type { EchoResponse } from './echo-route.js';
export type { Fault, FaultMix, FaultSpec, Outage, WeightedFault } from './fault-queue.js';
export type { RequestLog, RequestLogBuilder, RequestLogEvent, RequestLogListener } from './inspector/request-log.js';
export type {
  EmulatorInfo,
  RecordedMessage,
  RequestLogEntry,
  RequestLogQuery,
  RequestProduct,
} from './inspector/types.js';
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
  TokenRecord,
  UserRecord,
} from './state.js';
export type { WhoamiResponse } from './whoami-route.js';
