import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { instanceEntityName } from '@ocdp/plugin-ocdp-common';
import { testInstance } from '../__testUtils__/instances';
import { instanceToEntity } from './instanceToEntity';

const BASE_URL = 'http://localhost:7007/api/ocdp';

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

async function expectValid(entity: object) {
  await expect(policy.enforce(entity as any)).resolves.toBeDefined();
  await expect(
    componentEntityV1alpha1Validator.check(entity as any),
  ).resolves.toBe(true);
}

describe('instanceToEntity', () => {
  it('publishes an instance as a model-instance Component the Kubernetes tab can find', async () => {
    const entity = instanceToEntity(testInstance(), { baseUrl: BASE_URL });
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'llama.vision.demo',
        namespace: 'default',
        title: 'llama (vision on demo)',
        description:
          'Model server of meta-llama/Llama-3.1-8B-Instruct, release llama in namespace ocdp-vision on cluster demo',
        annotations: {
          'backstage.io/managed-by-location': `url:${BASE_URL}/instances/7f9c2c1e-4f0b-4a61-9b8e-0d2a5c3e1a10`,
          'backstage.io/managed-by-origin-location': `url:${BASE_URL}/instances/7f9c2c1e-4f0b-4a61-9b8e-0d2a5c3e1a10`,
          'backstage.io/kubernetes-id': 'llama.vision.demo',
          'backstage.io/kubernetes-namespace': 'ocdp-vision',
          'ocdp.io/instance-id': '7f9c2c1e-4f0b-4a61-9b8e-0d2a5c3e1a10',
          'ocdp.io/cluster': 'demo',
          'ocdp.io/tenant': 'vision',
        },
        labels: { 'ocdp.io/tenant': 'vision' },
        tags: ['ocdp', 'model-instance', 'model-server', 'vision'],
      },
      spec: {
        type: 'model-instance',
        lifecycle: 'production',
        owner: 'user:default/ben',
      },
    });
    await expectValid(entity);
  });

  it('names the system from config', () => {
    const entity = instanceToEntity(testInstance(), {
      baseUrl: BASE_URL,
      system: 'model-serving',
    });
    expect(entity.spec.system).toBe('model-serving');
  });

  it('links the endpoint when the instance is exposed by an Ingress with a host', async () => {
    const entity = instanceToEntity(
      testInstance({
        values: {
          model: { id: 'Qwen/Qwen2.5-7B-Instruct' },
          exposure: { type: 'ingress', host: 'qwen.llm.example.internal' },
        },
      }),
      { baseUrl: BASE_URL },
    );
    expect(entity.metadata.links).toEqual([
      {
        url: 'http://qwen.llm.example.internal',
        title: 'Endpoint',
        icon: 'web',
      },
    ]);
    await expectValid(entity);
  });

  it('has no link while the endpoint is not known from the values', () => {
    for (const exposure of [
      { type: 'clusterip', host: 'ignored.example' },
      { type: 'loadbalancer' },
      { type: 'ingress', host: '' },
    ]) {
      const entity = instanceToEntity(testInstance({ values: { exposure } }), {
        baseUrl: BASE_URL,
      });
      expect(entity.metadata.links).toBeUndefined();
    }
  });

  it('reads the model of a list-based chart profile from its first workload', () => {
    const entity = instanceToEntity(
      testInstance({
        profile: 'vllm-production-stack',
        chart: 'vllm-stack',
        values: {
          servingEngineSpec: {
            modelSpec: [{ name: 'a', modelURL: 'Qwen/Qwen2.5-1.5B-Instruct' }],
          },
        },
      }),
      { baseUrl: BASE_URL },
    );
    expect(entity.metadata.description).toContain('Qwen/Qwen2.5-1.5B-Instruct');
    expect(entity.metadata.tags).toContain('vllm-stack');
  });

  it('stays a valid entity for the longest names and odd chart names', async () => {
    const kubernetesId = instanceEntityName(
      'r'.repeat(53),
      'tenant-one',
      'demo',
    );
    const entity = instanceToEntity(
      testInstance({
        name: 'r'.repeat(53),
        tenant: 'tenant-one',
        kubernetesId,
        entityRef: `component:default/${kubernetesId}`,
        chart: 'My_Chart.v2',
        profile: 'unknown-profile',
      }),
      { baseUrl: BASE_URL },
    );
    expect(entity.metadata.name).toBe(kubernetesId);
    expect(entity.metadata.tags).toContain('my-chart-v2');
    expect(entity.metadata.description).toBe(
      `Model server release ${'r'.repeat(
        53,
      )} in namespace ocdp-vision on cluster demo`,
    );
    await expectValid(entity);
  });
});
