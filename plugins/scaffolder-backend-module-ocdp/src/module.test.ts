import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleOcdp } from './module';

describe('scaffolderModuleOcdp', () => {
  it('registers the OCDP actions', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleOcdp,
        mockServices.rootConfig.factory({
          data: {
            ocdp: { environments: { demo: { runtimeClassName: 'nvidia' } } },
          },
        }),
      ],
    });
    const actions = addActions.mock.calls.flat();
    expect(actions.map(a => a.id)).toEqual([
      'ocdp:cluster:check',
      'ocdp:model:render-values',
      'ocdp:quota:precheck',
    ]);
    for (const action of actions) {
      expect(action.supportsDryRun).toBe(true);
      expect(action.description).toBeTruthy();
      expect(action.schema.input).toBeDefined();
    }
    const documented = actions.filter(a => a.id !== 'ocdp:cluster:check');
    for (const action of documented) {
      expect(action.examples.length).toBeGreaterThan(0);
      for (const property of Object.values<any>(
        action.schema.input.properties,
      )) {
        expect(property.description).toBeTruthy();
      }
    }
  });

  it('fails at start-up naming the path of a bad setting', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [scaffolderActionsExtensionPoint, { addActions: jest.fn() }],
        ],
        features: [
          scaffolderModuleOcdp,
          mockServices.rootConfig.factory({
            data: {
              ocdp: {
                chartProfiles: { mine: { replicasPath: 'spec..replicas' } },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      'ocdp.chartProfiles.mine.replicasPath: must be a dotted path',
    );
  });
});
