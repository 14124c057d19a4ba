import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  OCDP_TENANT_RESOURCE_TYPE,
  ocdpPermissions,
  ocdpTenantReadPermission,
} from './permissions';

describe('ocdp permissions', () => {
  it('names every permission in the ocdp namespace, once', () => {
    const names = ocdpPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every(n => n.startsWith('ocdp.'))).toBe(true);
    expect(names).toEqual(
      expect.arrayContaining([
        'ocdp.tenant.read',
        'ocdp.tenant.create',
        'ocdp.tenant.update',
        'ocdp.tenant.delete',
        'ocdp.quota.update',
        'ocdp.instance.create',
        'ocdp.instance.update',
        'ocdp.instance.delete',
        'ocdp.cluster.read',
      ]),
    );
  });

  it('makes tenant read a resource permission so it can be conditional', () => {
    expect(
      isResourcePermission(ocdpTenantReadPermission, OCDP_TENANT_RESOURCE_TYPE),
    ).toBe(true);
    expect(
      ocdpPermissions.filter(p => isResourcePermission(p)).map(p => p.name),
    ).toEqual(['ocdp.tenant.read']);
  });
});
