import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OcdpApi, OcdpRefusalError } from '../../api';
import {
  gpuRefusal,
  instanceDetails,
  llamaInstance,
  precheckReport,
} from '../../__testUtils__/instanceFixtures';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { allowAllPermissions } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import { EntityModelInstanceCard } from './EntityModelInstanceCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: llamaInstance.kubernetesId,
    namespace: 'default',
    annotations: {
      'ocdp.io/instance-id': llamaInstance.id,
      'backstage.io/kubernetes-id': llamaInstance.kubernetesId,
      'backstage.io/kubernetes-namespace': llamaInstance.namespace,
    },
  },
  spec: { type: 'model-instance', owner: 'user:default/ben' },
};

async function renderCard(
  ocdpApi: OcdpApi,
  permissionApi = allowAllPermissions(),
  shown: Entity = entity,
) {
  await renderWithOcdp(
    <EntityProvider entity={shown}>
      <EntityModelInstanceCard />
    </EntityProvider>,
    { ocdpApi, permissionApi },
  );
}

/** A button of the card once the permission answer has enabled it. */
async function enabledButton(name: string) {
  const button = await screen.findByRole('button', { name });
  await waitFor(() => expect(button).toBeEnabled());
  return button;
}

describe('EntityModelInstanceCard', () => {
  it('shows status, model, endpoint, GPUs, owner and tenant of the annotated instance', async () => {
    const getInstance = jest.fn(async () => instanceDetails());
    await renderCard(mockOcdpApi({ getInstance }));
    expect(await screen.findByText('Ready')).toBeInTheDocument();
    expect(getInstance).toHaveBeenCalledWith(llamaInstance.id);
    expect(
      screen.getByText('meta-llama/Llama-3.1-8B-Instruct (served as llama)'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: /http:\/\/llama\.team-vision\.svc:8000/,
      }),
    ).toHaveAttribute('href', 'http://llama.team-vision.svc:8000');
    expect(screen.getByText('1 × NVIDIA-A100 per replica')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'ben' })).toHaveAttribute(
      'href',
      '/catalog/default/user/ben',
    );
    expect(screen.getByText('team-vision')).toBeInTheDocument();
    expect(screen.getByLabelText('Replicas')).toHaveTextContent('1');
  });

  it('says so when the entity has no instance annotation', async () => {
    await renderCard(mockOcdpApi(), allowAllPermissions(), {
      ...entity,
      metadata: { name: 'other', namespace: 'default' },
    });
    expect(await screen.findByText('No OCDP instance')).toBeInTheDocument();
  });

  it('shows the API error when the instance cannot be read', async () => {
    await renderCard(
      mockOcdpApi({
        getInstance: jest.fn(async () => {
          throw new Error('instance not found');
        }),
      }),
    );
    expect(
      (await screen.findAllByText(/instance not found/)).length,
    ).toBeGreaterThan(0);
  });

  it('disables minus at 0 replicas', async () => {
    const scaledDown = instanceDetails(
      {
        ...llamaInstance,
        values: { ...llamaInstance.values, replicaCount: 0 },
      },
      { desiredReplicas: 0, readyReplicas: 0, pods: [] },
    );
    await renderCard(
      mockOcdpApi({ getInstance: jest.fn(async () => scaledDown) }),
    );
    expect(await screen.findByLabelText('Replicas')).toHaveTextContent('0');
    expect(
      screen.getByRole('button', { name: 'Remove a replica' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Add a replica' })).toBeEnabled();
  });

  it('shows the pre-flight of +1, and the reason when the API refuses it', async () => {
    const precheck = jest.fn(async () => precheckReport());
    const scaleInstance = jest.fn(async () => {
      throw new OcdpRefusalError(
        'the pre-flight check refused this scale: requests.nvidia.com/gpu: needs 1, 0 of 4 free',
        gpuRefusal,
      );
    });
    await renderCard(
      mockOcdpApi({
        getInstance: jest.fn(async () => instanceDetails()),
        precheck,
        scaleInstance,
      }),
    );
    await userEvent.click(await enabledButton('Add a replica'));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Scale llama to 2 replicas?'),
    ).toBeInTheDocument();
    expect(
      await within(dialog).findByText(
        'Pre-flight: fits in team-vision on demo',
      ),
    ).toBeInTheDocument();
    expect(precheck).toHaveBeenCalledWith({
      tenant: 'team-vision',
      cluster: 'demo',
      operation: 'scale',
      release: 'llama',
      profile: 'model-server',
      values: llamaInstance.values,
      replicas: 2,
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Scale' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'the pre-flight check refused this scale',
    );
    expect(
      within(dialog).getAllByText(
        'requests.nvidia.com/gpu: needs 1, 0 of 4 free',
      ).length,
    ).toBeGreaterThan(0);
    expect(scaleInstance).toHaveBeenCalledWith(llamaInstance.id, 2, 3);
  });

  it('does not offer to apply a scale the pre-flight refuses, and says why', async () => {
    const scaleInstance = jest.fn();
    await renderCard(
      mockOcdpApi({
        getInstance: jest.fn(async () => instanceDetails()),
        precheck: jest.fn(async () => gpuRefusal),
        scaleInstance,
      }),
    );
    await userEvent.click(await enabledButton('Add a replica'));
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(
        'requests.nvidia.com/gpu: needs 1, 0 of 4 free',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Scale' }),
    ).toBeDisabled();
    expect(scaleInstance).not.toHaveBeenCalled();
  });

  it('scales down after the pre-flight and reads the instance again', async () => {
    let replicas = 1;
    const getInstance = jest.fn(async () =>
      instanceDetails({
        ...llamaInstance,
        values: { ...llamaInstance.values, replicaCount: replicas },
      }),
    );
    const scaleInstance = jest.fn(async (_id: string, to: number) => {
      replicas = to;
      return llamaInstance;
    });
    await renderCard(
      mockOcdpApi({
        getInstance,
        precheck: jest.fn(async () => precheckReport()),
        scaleInstance,
      }),
    );
    await userEvent.click(await enabledButton('Remove a replica'));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('Pre-flight: fits in team-vision on demo');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Scale' }),
    );
    await waitFor(() =>
      expect(screen.getByLabelText('Replicas')).toHaveTextContent('0'),
    );
    expect(scaleInstance).toHaveBeenCalledWith(llamaInstance.id, 0, 3);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('edits values as YAML and submits only the changed keys, after their summary and the pre-flight', async () => {
    const precheck = jest.fn(async () =>
      precheckReport({ operation: 'upgrade' }),
    );
    const changeInstanceValues = jest.fn(async () => llamaInstance);
    await renderCard(
      mockOcdpApi({
        getInstance: jest.fn(async () => instanceDetails()),
        precheck,
        changeInstanceValues,
      }),
    );
    await userEvent.click(await enabledButton('Edit values'));
    const editor = screen.getByRole('textbox', { name: 'Values (YAML)' });
    const yamlText = (editor as HTMLTextAreaElement).value;
    expect(yamlText).toContain('servedName: llama');
    expect(yamlText).toContain('id: meta-llama/Llama-3.1-8B-Instruct');
    await userEvent.clear(editor);
    await userEvent.click(editor);
    await userEvent.paste(yamlText.replace('size: 20Gi', 'size: 40Gi'));
    await userEvent.click(
      screen.getByRole('button', { name: 'Review changes' }),
    );

    const dialog = await screen.findByRole('dialog');
    const changed = within(dialog).getByRole('list', { name: 'Changed keys' });
    expect(changed).toHaveTextContent('cache.size: 20Gi → 40Gi');
    expect(within(changed).getAllByRole('listitem')).toHaveLength(1);
    await within(dialog).findByText('Pre-flight: fits in team-vision on demo');
    expect(precheck).toHaveBeenCalledWith(
      expect.objectContaining({
        operation: 'upgrade',
        release: 'llama',
        values: { ...llamaInstance.values, cache: { size: '40Gi' } },
      }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Apply' }),
    );
    await waitFor(() =>
      expect(changeInstanceValues).toHaveBeenCalledWith(
        llamaInstance.id,
        { cache: { size: '40Gi' } },
        3,
      ),
    );
  });

  it('does not review an edit that changes nothing or is not YAML', async () => {
    const precheck = jest.fn();
    await renderCard(
      mockOcdpApi({
        getInstance: jest.fn(async () => instanceDetails()),
        precheck,
      }),
    );
    await userEvent.click(await enabledButton('Edit values'));
    await userEvent.click(
      screen.getByRole('button', { name: 'Review changes' }),
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Nothing changed.');
    const editor = screen.getByRole('textbox', { name: 'Values (YAML)' });
    await userEvent.clear(editor);
    await userEvent.click(editor);
    await userEvent.paste('model: [unclosed');
    await userEvent.click(
      screen.getByRole('button', { name: 'Review changes' }),
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Not valid YAML');
    expect(precheck).not.toHaveBeenCalled();
  });

  it('deletes only after the name is typed', async () => {
    const deleteInstance = jest.fn(async () => {});
    await renderCard(
      mockOcdpApi({
        getInstance: jest.fn(async () => instanceDetails()),
        deleteInstance,
      }),
    );
    await userEvent.click(await enabledButton('Delete'));
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Delete' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Instance name' }),
      'llam',
    );
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Instance name' }),
      'a',
    );
    await userEvent.click(confirm);
    expect(await screen.findByRole('status')).toHaveTextContent('Deleted.');
    expect(deleteInstance).toHaveBeenCalledWith(llamaInstance.id);
  });
});
