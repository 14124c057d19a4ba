import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';
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
      'ocdp:model:deploy',
    ]);
    for (const action of actions) {
      expect(action.supportsDryRun).toBe(true);
      expect(action.description).toBeTruthy();
      expect(action.schema.input).toBeDefined();
    }
    for (const action of actions) {
      expect(action.examples.length).toBeGreaterThan(0);
      for (const { example } of action.examples) {
        const { steps } = yaml.load(example) as { steps: { action: string }[] };
        expect(steps.map(step => step.action)).toContain(action.id);
      }
      for (const schema of [action.schema.input, action.schema.output]) {
        for (const property of Object.values<any>(schema.properties)) {
          expect(property.description).toBeTruthy();
        }
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
