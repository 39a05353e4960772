import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The logger every function and the local runtime share. Powertools reads its own
 * settings (POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL) from the environment.
 */
export const logger = new Logger({ serviceName: 'switchyard' });
