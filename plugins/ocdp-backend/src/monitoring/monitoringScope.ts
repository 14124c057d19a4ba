import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ocdpClusterReadPermission } from '@ocdp/plugin-ocdp-common';
import { scopeAllows, tenantReadScope } from '../permissions';
import { MonitoringScope } from './scope';

/**
 * What the caller may see of GPU monitoring: everything with `ocdp.cluster.read`, otherwise the
 * tenants `ocdp.tenant.read` lets them read. With neither, `required` makes it a 403; otherwise
 * the scope shows nothing of anyone (the `GET /clusters` summary keeps its cluster-wide amounts).
 */
export async function monitoringScope(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  options: { required: boolean },
): Promise<MonitoringScope> {
  const [clusterRead] = await permissions.authorize(
    [{ permission: ocdpClusterReadPermission }],
    { credentials },
  );
  if (clusterRead.result === AuthorizeResult.ALLOW) return { kind: 'cluster' };
  const tenants = await tenantReadScope(permissions, credentials);
  if (tenants.kind === 'none' && options.required) {
    throw new NotAllowedError(
      `you may not see GPU use (${ocdpClusterReadPermission.name}, or ocdp.tenant.read for your tenants)`,
    );
  }
  return {
    kind: 'tenants',
    allows: ({ tenant, owner }) =>
      scopeAllows(tenants, {
        name: tenant,
        owner,
        personal: false,
        createdBy: '',
        createdAt: '',
        bindings: [],
      }),
  };
}
