import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { ocdpApiRef } from '../../api';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { EntityClusterCard } from './EntityClusterCard';

const clusterEntity = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default' },
  spec: { type: 'kubernetes-cluster', owner: 'platform-admins' },
});

const api = mockOcdpApi({
  listClusters: async () => [
    {
      name: 'demo',
      title: 'Demo GPU cluster',
      reachable: false,
      error: 'API server unreachable (ECONNREFUSED)',
      entityRef: 'resource:default/demo',
    },
  ],
});

describe('EntityClusterCard', () => {
  it('shows the status of the cluster the entity represents', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[ocdpApiRef, api]]}>
        <EntityProvider entity={clusterEntity('demo')}>
          <EntityClusterCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Demo GPU cluster')).toBeInTheDocument();
    expect(
      screen.getByText('API server unreachable (ECONNREFUSED)'),
    ).toBeInTheDocument();
  });

  it('says so when the entity is not an OCDP cluster', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[ocdpApiRef, api]]}>
        <EntityProvider entity={clusterEntity('other')}>
          <EntityClusterCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        'This entity is not one of the clusters OCDP manages.',
      ),
    ).toBeInTheDocument();
  });
});
