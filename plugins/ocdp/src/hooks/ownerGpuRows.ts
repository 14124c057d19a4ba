import {
  ClusterGpuReport,
  TenantGpuRow,
  UserGpuRow,
} from '@ocdp/plugin-ocdp-common';

/** A user's or group's rows of a cluster's GPU report. */
export interface OwnerGpuRows {
  /** The owner's row of the user table: pods they own through instances or tenants. */
  user?: UserGpuRow;
  /** Tenants the entity owns. */
  tenants: TenantGpuRow[];
}

/** Picks the rows of a cluster's GPU report that belong to an owner (`user:…` or `group:…`). */
export function ownerGpuRows(
  report: Pick<ClusterGpuReport, 'users' | 'tenants'>,
  entityRef: string,
): OwnerGpuRows {
  const ref = entityRef.toLocaleLowerCase('en-US');
  const owns = (owner?: string) => owner?.toLocaleLowerCase('en-US') === ref;
  return {
    user: report.users.find(u => owns(u.owner)),
    tenants: report.tenants.filter(t => owns(t.owner)),
  };
}
