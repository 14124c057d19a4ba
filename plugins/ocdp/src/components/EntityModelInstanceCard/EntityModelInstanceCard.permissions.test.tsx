import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import {
  instanceDetails,
  llamaInstance,
} from '../../__testUtils__/instanceFixtures';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { allowAllExcept } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import { EntityModelInstanceCard } from './EntityModelInstanceCard';

// Its own file: permission answers are cached per permission for the whole test file.
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: llamaInstance.kubernetesId,
    annotations: { 'ocdp.io/instance-id': llamaInstance.id },
  },
  spec: { type: 'model-instance' },
};

describe('EntityModelInstanceCard without change permissions', () => {
  it('may delete but neither scale nor edit without ocdp.instance.update', async () => {
    const permissionApi = allowAllExcept('ocdp.instance.update');
    await renderWithOcdp(
      <EntityProvider entity={entity}>
        <EntityModelInstanceCard />
      </EntityProvider>,
      {
        ocdpApi: mockOcdpApi({
          getInstance: jest.fn(async () => instanceDetails()),
        }),
        permissionApi,
      },
    );
    // the allowed delete turns on once the answers are in; scale and edit stay off
    const remove = await screen.findByRole('button', { name: 'Delete' });
    await waitFor(() => expect(remove).toBeEnabled());
    expect(
      screen.getByRole('button', { name: 'Add a replica' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Remove a replica' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Edit values' })).toBeDisabled();
  });
});
