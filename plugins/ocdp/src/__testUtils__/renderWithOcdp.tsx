import { configApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactNode } from 'react';
import { OcdpApi, ocdpApiRef } from '../api';

/** Renders with an OcdpApi, a permission API and OCDP config, with catalog links mounted. */
export function renderWithOcdp(
  element: ReactNode,
  apis: {
    ocdpApi: OcdpApi;
    permissionApi: ReturnType<typeof mockApis.permission>;
    gpuResourceKeys?: string[];
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
      ]}
    >
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
