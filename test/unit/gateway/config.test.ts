import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig } from '../../../lib/config';

const load = (context: Record<string, unknown>, env: Record<string, string> = {}) =>
  loadConfig({ context: (key) => context[key], env });

describe('gateway configuration keys', () => {
  it('defaults to throttling 50/100, CORS off and no custom domain', () => {
    expect(load({}).gateway).toEqual({ throttleRateLimit: 50, throttleBurstLimit: 100, corsAllowedOrigins: [] });
  });

  it.each([
    ['a JSON array in context', { apiCorsAllowedOrigins: '["https://a.example.com","https://b.example.com"]' }, {}],
    [
      'a comma-separated environment variable',
      {},
      { SWITCHYARD_API_CORS_ALLOWED_ORIGINS: 'https://a.example.com, https://b.example.com' },
    ],
  ])('reads CORS origins from %s', (_form, context, env) => {
    expect(load(context, env).gateway.corsAllowedOrigins).toEqual(['https://a.example.com', 'https://b.example.com']);
  });

  it('reads a custom domain with its certificate', () => {
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    expect(load({ apiDomainName: 'switchyard.acme.com', apiCertificateArn: arn }).gateway.customDomain).toEqual({
      domainName: 'switchyard.acme.com',
      certificateArn: arn,
    });
  });

  it.each([
    [{ apiDomainName: 'switchyard.acme.com' }, /apiDomainName.*apiCertificateArn.*go together/],
    [{ apiCertificateArn: 'not-an-arn', apiDomainName: 'x.acme.com' }, /apiCertificateArn.*ACM certificate ARN/],
    [{ apiThrottleRateLimit: 0 }, /apiThrottleRateLimit/],
    [{ apiCorsAllowedOrigins: '["not a url"]' }, /apiCorsAllowedOrigins/],
  ])('rejects %o naming the key', (context, message) => {
    expect(() => load(context)).toThrow(ConfigurationError);
    expect(() => load(context)).toThrow(message);
  });
});
