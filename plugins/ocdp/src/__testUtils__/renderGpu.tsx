import { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ReactElement } from 'react';
import { OcdpApi, ocdpApiRef } from '../api';
import { quotasRouteRef, rootRouteRef } from '../routes';
import { fakeCatalogApi } from './catalog';

/** recharts measures its container with ResizeObserver, which jsdom lacks. */
function stubResizeObserver() {
  if (!('ResizeObserver' in globalThis)) {
    (globalThis as any).ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
}

/**
 * Renders a GPU view with an OcdpApi, a catalog, the OCDP and catalog routes mounted and,
 * for entity cards, the entity of the page.
 */
export function renderGpu(
  element: ReactElement,
  options: { ocdpApi: OcdpApi; entity?: Entity; route?: string },
) {
  stubResizeObserver();
  const content = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    element
  );
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [ocdpApiRef, options.ocdpApi],
        [catalogApiRef, fakeCatalogApi()],
      ]}
    >
      {content}
    </TestApiProvider>,
    {
      routeEntries: options.route ? [options.route] : undefined,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/ocdp': rootRouteRef,
        '/ocdp/quotas': quotasRouteRef,
      },
    },
  );
}

export const entityOf = (
  kind: string,
  name: string,
  spec: Entity['spec'] = {},
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', annotations },
  spec,
});
