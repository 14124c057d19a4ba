import { NamespaceTenant } from './TenantDirectory';

/**
 * What a caller may see: `cluster` (ocdp.cluster.read) every row, node and namespace; `tenants`
 * the rows of tenants `allows` lets through (their ocdp.tenant.read), no node detail, no
 * namespace without a tenant.
 */
export type MonitoringScope =
  | { kind: 'cluster' }
  | { kind: 'tenants'; allows: (tenant: NamespaceTenant) => boolean };

/** Whether the scope shows a namespace's rows. */
export function namespaceVisible(
  scope: MonitoringScope,
  tenant: NamespaceTenant | undefined,
): boolean {
  if (scope.kind === 'cluster') return true;
  return tenant !== undefined && scope.allows(tenant);
}
