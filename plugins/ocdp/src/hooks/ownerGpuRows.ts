import {
  ClusterGpuReport,
  TenantGpuRow,
  UserGpuRow,
} from '@ocdp/plugin-ocdp-common';

/** A user's or group's rows of a cluster's GPU report. */
export interface OwnerGpuRows {
  /** The owner's row of the user table: pods they own through instances or tenants. */
  user?: UserGpuRow;
  /** Tenants the entity owns, or (for a user) that the user's groups own. */
  tenants: TenantGpuRow[];
}

const normalized = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Picks the rows of a cluster's GPU report that belong to an owner (`user:…` or `group:…`):
 * its user row, and the tenants it or the groups it is a member of (`memberOf`) own.
 */
export function ownerGpuRows(
  report: Pick<ClusterGpuReport, 'users' | 'tenants'>,
  entityRef: string,
  memberOf: string[] = [],
): OwnerGpuRows {
  const ref = normalized(entityRef);
  const owners = new Set([ref, ...memberOf.map(normalized)]);
  return {
    user: report.users.find(u => normalized(u.owner) === ref),
    tenants: report.tenants.filter(
      t => t.owner && owners.has(normalized(t.owner)),
    ),
  };
}
