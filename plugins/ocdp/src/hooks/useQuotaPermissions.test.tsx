import { permissionApiRef } from '@backstage/plugin-permission-react';
import { TestApiProvider } from '@backstage/test-utils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { allowAllExcept } from '../__testUtils__/permissions';
import {
  quotaPermissionsFrom,
  useQuotaPermissions,
} from './useQuotaPermissions';

const allowed = { loading: false, allowed: true };
const denied = { loading: false, allowed: false };
const pending = { loading: true, allowed: false };

describe('quotaPermissionsFrom', () => {
  it('gives an admin with every permission everything', () => {
    expect(
      quotaPermissionsFrom({
        create: allowed,
        update: allowed,
        remove: allowed,
      }),
    ).toEqual({
      loading: false,
      isAdmin: true,
      canEditQuota: true,
      canDelete: true,
    });
  });

  it('gives edit and delete only to tenant creators', () => {
    expect(
      quotaPermissionsFrom({
        create: denied,
        update: allowed,
        remove: allowed,
      }),
    ).toEqual({
      loading: false,
      isAdmin: false,
      canEditQuota: false,
      canDelete: false,
    });
  });

  it('is loading while any decision is', () => {
    expect(
      quotaPermissionsFrom({
        create: allowed,
        update: pending,
        remove: allowed,
      }).loading,
    ).toBe(true);
  });
});

// One permission API per file: usePermission caches decisions by permission for the file.
describe('useQuotaPermissions', () => {
  it('asks the permission API and withholds what is denied', async () => {
    const permissionApi = allowAllExcept('ocdp.tenant.delete');
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[permissionApiRef, permissionApi]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(() => useQuotaPermissions(), { wrapper });
    expect(result.current.loading).toBe(true);
    expect(result.current.isAdmin).toBe(false);

    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current).toEqual({
      loading: false,
      isAdmin: true,
      canEditQuota: true,
      canDelete: false,
    });
  });
});
