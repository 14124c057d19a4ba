import { OcdpCluster, OcdpTenant } from '@ocdp/plugin-ocdp-common';
import { useMemo } from 'react';
import { useClusters } from './useClusters';

/** The configured clusters a tenant has no binding on; none are loaded unless `enabled`. */
export function useFreeClusters(
  tenant: OcdpTenant,
  enabled: boolean,
): OcdpCluster[] {
  const { clusters } = useClusters(enabled);
  return useMemo(
    () =>
      clusters.filter(
        cluster => !tenant.bindings.some(b => b.cluster === cluster.name),
      ),
    [clusters, tenant.bindings],
  );
}
