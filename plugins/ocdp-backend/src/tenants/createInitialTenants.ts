import { LoggerService } from '@backstage/backend-plugin-api';
import { TenantService } from './TenantService';

/** Creates the configured `ocdp.tenants.initial` tenants that do not exist yet. */
export async function createInitialTenants(
  tenants: TenantService,
  initial: unknown[],
  logger: LoggerService,
): Promise<void> {
  for (const body of initial) {
    const name = String((body as { name?: unknown })?.name);
    try {
      await tenants.create(body, 'config:ocdp.tenants.initial');
      logger.info(`created initial tenant ${name}`);
    } catch (error) {
      const message = (error as Error).message;
      if (/already exists/.test(message)) continue;
      logger.error(
        `initial tenant ${name} from config not created: ${message}`,
      );
    }
  }
}
