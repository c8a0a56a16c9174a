// Configuration problems found while wiring aksdr up — as opposed to findings about the regions.
// The CLI turns them into exit code 2 with the message; the service refuses to start.
import type { AzureEnvironment } from '../config/azure-environment.js';
import { AzureEnvironmentError } from '../config/azure-environment.js';
import { scrubSecrets } from '../core/ports/adapter-error.js';
import { firstLine } from '../core/ports/http-failure.js';

export class AzureAccessError extends Error {
  override readonly name = 'AzureAccessError';
  readonly code = 'AzureAccessUnavailable';
  constructor(environment: AzureEnvironment, cause: unknown) {
    const why = scrubSecrets(firstLine(cause instanceof Error ? cause.message : String(cause), 300));
    super(
      `cannot get a token for Azure Resource Manager (${environment.armEndpoint}): ${why}\n` +
        '  Sign in with `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (a service principal), or run with a managed / workload identity.',
    );
  }
}

/** True for the errors that mean "aksdr is configured wrongly here", not "a region is unwell". */
export function isConfigurationError(error: unknown): error is AzureEnvironmentError | AzureAccessError {
  return error instanceof AzureEnvironmentError || error instanceof AzureAccessError;
}
