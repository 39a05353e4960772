import {
  type CredentialsSource,
  ServiceNowClient,
  type ServiceNowClientOptions,
  TokenProvider,
} from '../lambdas/shared/servicenow';

/** A ServiceNow client for the ETL: OAuth client credentials against `instanceUrl`. */
export function connectServiceNow(
  instanceUrl: string,
  credentials: CredentialsSource,
  options: Omit<ServiceNowClientOptions, 'instanceUrl' | 'tokens'> = {},
): ServiceNowClient {
  const url = instanceUrl.replace(/\/+$/, '');
  return new ServiceNowClient({
    instanceUrl: url,
    tokens: new TokenProvider({ instanceUrl: url, credentials }),
    ...options,
  });
}
