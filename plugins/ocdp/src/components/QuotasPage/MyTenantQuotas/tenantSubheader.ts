import { OcdpTenant } from '@ocdp/plugin-ocdp-common';

/** `Personal tenant of user:default/ben` / `Team tenant of group:default/team-vision`. */
export function tenantSubheader(tenant: OcdpTenant): string {
  return `${tenant.personal ? 'Personal' : 'Team'} tenant of ${tenant.owner}`;
}
