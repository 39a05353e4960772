export type {
  DisplayValueMode,
  ServiceNowClientOptions,
  ServiceNowClientStats,
  TablePage,
  TableQuery,
} from './client';
export { ServiceNowClient } from './client';
export { secretsManagerCredentials, staticCredentials } from './credentials';
export type { CredentialsSource, ServiceNowCredentials, TokenProviderOptions } from './token';
export { ServiceNowCredentialsSchema, TokenProvider } from './token';
