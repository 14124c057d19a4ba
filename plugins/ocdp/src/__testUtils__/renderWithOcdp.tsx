import { configApiRef } from '@backstage/core-plugin-api';
import {
  CatalogApi,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactNode } from 'react';
import { OcdpApi, ocdpApiRef } from '../api';
import { fakeCatalogApi } from './catalog';

/**
 * Renders with an OcdpApi, a permission API, OCDP config and a catalog of users and groups,
 * with catalog links mounted.
 */
export function renderWithOcdp(
  element: ReactNode,
  apis: {
    ocdpApi: OcdpApi;
    permissionApi: ReturnType<typeof mockApis.permission>;
    gpuResourceKeys?: string[];
    /** Users and groups for the owner picker; `catalogOwners` by default. */
    catalogApi?: CatalogApi;
  },
) {
  const config = mockApis.config({
    data: apis.gpuResourceKeys
      ? { ocdp: { quota: { gpuResourceKeys: apis.gpuResourceKeys } } }
      : {},
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [ocdpApiRef, apis.ocdpApi],
        [permissionApiRef, apis.permissionApi],
        [configApiRef, config],
        [catalogApiRef, apis.catalogApi ?? fakeCatalogApi()],
      ]}
    >
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
