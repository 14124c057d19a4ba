import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { parseCreateTenantRequest, RequestContext } from './parseRequests';
import { TenantService } from './TenantService';

/**
 * Creates the configured `ocdp.tenants.initial` tenants that do not exist yet. A tenant that
 * cannot be created is logged and skipped; the others are still created.
 */
export async function createInitialTenants(
  tenants: TenantService,
  initial: unknown[],
  ctx: RequestContext,
  logger: LoggerService,
): Promise<void> {
  for (const body of initial) {
    const name = String((body as { name?: unknown })?.name);
    try {
      if (await tenants.find(name)) continue;
      await tenants.create(
        parseCreateTenantRequest(body, ctx),
        'config:ocdp.tenants.initial',
      );
      logger.info(`created initial tenant ${name}`);
    } catch (error) {
      logger.error(
        `initial tenant ${name} from config not created: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }
  }
}
