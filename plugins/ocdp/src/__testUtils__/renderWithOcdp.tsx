import { configApiRef } from '@backstage/core-plugin-api';
import {
  CatalogApi,
  catalogApiRef,
  EntityPresentationApi,
  entityPresentationApiRef,
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
    /** How catalog links name entities; without it they show the entity's name. */
    entityPresentationApi?: EntityPresentationApi;
  },
) {
  const config = mockApis.config({
    data: apis.gpuResourceKeys
      ? { ocdp: { quota: { gpuResourceKeys: apis.gpuResourceKeys } } }
      : {},
  });
  const presentation = apis.entityPresentationApi
    ? ([[entityPresentationApiRef, apis.entityPresentationApi]] as const)
    : [];
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [ocdpApiRef, apis.ocdpApi],
        [permissionApiRef, apis.permissionApi],
        [configApiRef, config],
        [catalogApiRef, apis.catalogApi ?? fakeCatalogApi()],
        ...presentation,
      ]}
    >
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
