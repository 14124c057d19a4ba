import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  ocdpClusterReadPermission,
  ocdpInstanceCreatePermission,
  ocdpPermissions,
  ocdpQuotaUpdatePermission,
  ocdpTenantCreatePermission,
  ocdpTenantReadPermission,
} from '@ocdp/plugin-ocdp-common';
import { OcdpDemoPermissionPolicy } from './OcdpDemoPermissionPolicy';

function userWith(ownershipEntityRefs: string[]): PolicyQueryUser {
  return {
    identity: {
      type: 'user',
      userEntityRef: ownershipEntityRefs[0],
      ownershipEntityRefs,
    },
    info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
    token: 'token',
    credentials: {} as PolicyQueryUser['credentials'],
  } as PolicyQueryUser;
}

describe('OcdpDemoPermissionPolicy', () => {
  const policy = new OcdpDemoPermissionPolicy();
  const admin = userWith(['user:default/ada', 'group:default/platform-admins']);
  const member = userWith(['user:default/ben', 'group:default/team-vision']);

  it('lets platform admins do everything in OCDP', async () => {
    for (const permission of ocdpPermissions) {
      await expect(policy.handle({ permission }, admin)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('limits members to the tenants they belong to', async () => {
    await expect(
      policy.handle({ permission: ocdpTenantReadPermission }, member),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'ocdp',
      resourceType: 'ocdp-tenant',
      conditions: {
        rule: 'IS_TENANT_MEMBER',
        resourceType: 'ocdp-tenant',
        params: {
          claims: ['user:default/ben', 'group:default/team-vision'],
        },
      },
    });
  });

  it('denies members admin actions and cluster-wide views', async () => {
    for (const permission of [
      ocdpTenantCreatePermission,
      ocdpQuotaUpdatePermission,
      ocdpClusterReadPermission,
    ]) {
      await expect(policy.handle({ permission }, member)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
    await expect(
      policy.handle({ permission: ocdpInstanceCreatePermission }, member),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies OCDP permissions without a user and uses configured admin groups', async () => {
    await expect(
      policy.handle({ permission: ocdpTenantReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    const custom = new OcdpDemoPermissionPolicy(['group:default/team-vision']);
    await expect(
      custom.handle({ permission: ocdpQuotaUpdatePermission }, member),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      custom.handle({ permission: ocdpQuotaUpdatePermission }, admin),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('leaves other plugins allowed in the demo', async () => {
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }, member),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
