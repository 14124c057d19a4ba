import { useApi } from '@backstage/core-plugin-api';
import { OcdpBindingUsage, OcdpTenant } from '@ocdp/plugin-ocdp-common';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../api';

/** A tenant's namespace on one cluster, with its quota use when it could be read. */
export interface TenantClusterChoice {
  tenant: string;
  cluster: string;
  namespace: string;
  personal: boolean;
  usage?: OcdpBindingUsage;
  /** Why the usage is missing. */
  usageError?: string;
}

/** Usage is read for this many tenants at most (members have a few; admins may have many). */
const USAGE_LIMIT = 50;

async function usageOf(
  load: (tenant: string) => Promise<{ bindings: OcdpBindingUsage[] }>,
  tenant: OcdpTenant,
): Promise<Map<string, OcdpBindingUsage> | Error> {
  try {
    const usage = await load(tenant.name);
    return new Map(usage.bindings.map(b => [b.cluster, b]));
  } catch (error) {
    return error as Error;
  }
}

/** Every tenant the user may deploy into × each cluster it has a namespace on. */
export function useTenantClusterChoices() {
  const ocdpApi = useApi(ocdpApiRef);
  return useAsync(async (): Promise<TenantClusterChoice[]> => {
    const tenants = await ocdpApi.listTenants();
    const usages = await Promise.all(
      tenants.map((tenant, i) =>
        i < USAGE_LIMIT
          ? usageOf(name => ocdpApi.getTenantUsage(name), tenant)
          : Promise.resolve(undefined),
      ),
    );
    return tenants.flatMap((tenant, i) => {
      const usage = usages[i];
      return tenant.bindings.map(binding => ({
        tenant: tenant.name,
        cluster: binding.cluster,
        namespace: binding.namespace,
        personal: tenant.personal,
        ...(usage instanceof Map && usage.get(binding.cluster)
          ? { usage: usage.get(binding.cluster) }
          : {}),
        ...(usage instanceof Error ? { usageError: usage.message } : {}),
      }));
    });
  }, [ocdpApi]);
}
