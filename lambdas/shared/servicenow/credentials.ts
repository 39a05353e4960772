import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { AppError } from '../errors';
import { type CredentialsSource, type ServiceNowCredentials, ServiceNowCredentialsSchema } from './token';

/**
 * Credentials from a Secrets Manager secret holding `{"clientId","clientSecret"}`,
 * read through Powertools parameters (cached for `maxAgeSeconds`, so a rotated
 * secret is picked up without a cold start).
 */
export function secretsManagerCredentials(secretName: string, maxAgeSeconds = 300): CredentialsSource {
  return async () => {
    const value = await getSecret(secretName, { transform: 'json', maxAge: maxAgeSeconds });
    const parsed = ServiceNowCredentialsSchema.safeParse(value);
    if (!parsed.success) {
      throw new AppError(
        'INTERNAL',
        `Secret ${secretName} must be JSON {"clientId","clientSecret"}: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')} missing or empty`,
      );
    }
    return parsed.data;
  };
}

/** Credentials given directly (local runtime, tests). */
export function staticCredentials(credentials: ServiceNowCredentials): CredentialsSource {
  return async () => credentials;
}
