import yaml from 'js-yaml';
import {
  GENERIC_PROFILE,
  MODEL_SERVER_PROFILE,
  VLLM_PRODUCTION_STACK_PROFILE,
} from '../footprint/profiles';
import { dumpValuesYaml } from './dump';
import { exposureValues } from './exposure';
import { overlayValues } from './overlay';
import { validateValues } from './validate';

describe('exposureValues', () => {
  it.each([
    [{ type: 'clusterip' }, { exposure: { type: 'clusterip' } }],
    [{ type: 'nodeport' }, { exposure: { type: 'nodeport' } }],
    [
      { type: 'nodeport', nodePort: 30080 },
      { exposure: { type: 'nodeport', nodePort: 30080 } },
    ],
    [{ type: 'loadbalancer' }, { exposure: { type: 'loadbalancer' } }],
    [
      { type: 'ingress', host: 'llm.example.internal' },
      { exposure: { type: 'ingress', host: 'llm.example.internal' } },
    ],
  ] as const)('maps %j for the model-server chart', (choice, values) => {
    expect(exposureValues(choice, MODEL_SERVER_PROFILE)).toEqual(values);
  });

  it('maps to Service types and ingress.enabled for a generic chart', () => {
    expect(
      exposureValues(
        { type: 'loadbalancer', nodePort: 31000 },
        GENERIC_PROFILE,
      ),
    ).toEqual({
      service: { type: 'LoadBalancer', nodePort: 31000 },
    });
    expect(exposureValues({ type: 'ingress' }, GENERIC_PROFILE)).toEqual({
      service: { type: 'ClusterIP' },
      ingress: { enabled: true },
    });
  });

  it('sets the production-stack router Service', () => {
    expect(
      exposureValues(
        { type: 'nodeport', nodePort: 30001 },
        VLLM_PRODUCTION_STACK_PROFILE,
      ),
    ).toEqual({
      routerSpec: { serviceType: 'NodePort', nodePorts: { router: 30001 } },
    });
  });

  it.each([
    [
      { type: 'public' },
      'exposure.type: must be one of clusterip, nodeport, loadbalancer, ingress',
    ],
    [
      { type: 'clusterip', nodePort: 30080 },
      'exposure.nodePort: is only for nodeport or loadbalancer',
    ],
    [
      { type: 'nodeport', nodePort: 80 },
      'exposure.nodePort: must be an integer from 30000 to 32767',
    ],
    [{ type: 'ingress' }, 'exposure.host: is required for ingress'],
  ])('refuses %j', (choice, message) => {
    expect(() => exposureValues(choice as any, MODEL_SERVER_PROFILE)).toThrow(
      message,
    );
  });
});

describe('overlayValues', () => {
  const overlay = {
    storageClass: 'fast-ssd',
    runtimeClassName: 'nvidia',
    registryPrefix: 'registry.example.internal/mirror',
    imagePullSecrets: ['mirror-pull'],
    nodeSelector: { pool: 'gpu' },
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' as const }],
    ingressClassName: 'nginx',
    labels: { 'ocdp.io/tenant': 'search' },
  };

  it('writes every field where the model-server chart keeps it', () => {
    expect(overlayValues(overlay, MODEL_SERVER_PROFILE)).toEqual({
      values: {
        cache: { storageClass: 'fast-ssd' },
        runtimeClassName: 'nvidia',
        image: { registry: 'registry.example.internal/mirror' },
        imagePullSecrets: [{ name: 'mirror-pull' }],
        nodeSelector: { pool: 'gpu' },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
        exposure: { ingressClassName: 'nginx' },
        labels: { 'ocdp.io/tenant': 'search' },
      },
      unmapped: [],
    });
  });

  it('reports what a list-based chart has no single place for', () => {
    expect(overlayValues(overlay, VLLM_PRODUCTION_STACK_PROFILE)).toEqual({
      values: {
        servingEngineSpec: {
          runtimeClassName: 'nvidia',
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
          labels: { 'ocdp.io/tenant': 'search' },
        },
        routerSpec: { ingress: { className: 'nginx' } },
      },
      unmapped: [
        'storageClass',
        'registryPrefix',
        'imagePullSecrets',
        'nodeSelector',
      ],
    });
  });

  it('writes nothing for an empty overlay', () => {
    expect(overlayValues({}, MODEL_SERVER_PROFILE)).toEqual({
      values: {},
      unmapped: [],
    });
  });
});

describe('dumpValuesYaml', () => {
  it('sorts keys, never folds lines and writes no anchors', () => {
    const shared = { key: 'nvidia.com/gpu', operator: 'Exists' };
    const long = `--chat-template=${'x'.repeat(200)}`;
    const text = dumpValuesYaml({
      replicaCount: 1,
      model: { id: 'Qwen/Qwen2.5-7B-Instruct', extraArgs: [long] },
      tolerations: [shared, shared],
      exposure: { nodePort: null },
    });
    expect(text).toBe(
      [
        'exposure:',
        '  nodePort: null',
        'model:',
        '  extraArgs:',
        `    - '${long}'`,
        '  id: Qwen/Qwen2.5-7B-Instruct',
        'replicaCount: 1',
        'tolerations:',
        '  - key: nvidia.com/gpu',
        '    operator: Exists',
        '  - key: nvidia.com/gpu',
        '    operator: Exists',
        '',
      ].join('\n'),
    );
    expect(yaml.load(text)).toEqual({
      replicaCount: 1,
      model: { id: 'Qwen/Qwen2.5-7B-Instruct', extraArgs: [long] },
      tolerations: [shared, shared],
      exposure: { nodePort: null },
    });
  });
});

describe('validateValues', () => {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    required: ['model'],
    properties: {
      model: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' } },
      },
      gpu: {
        type: 'object',
        properties: { count: { type: 'integer', minimum: 0 } },
      },
      exposure: {
        type: 'object',
        properties: { type: { enum: ['clusterip', 'nodeport'] } },
      },
      tolerations: {
        type: 'array',
        items: { type: 'object', properties: { key: { type: 'string' } } },
      },
      size: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    },
  };

  it('accepts valid values', () => {
    expect(
      validateValues({ model: { id: 'x' }, gpu: { count: 2 } }, schema),
    ).toEqual([]);
  });

  it('names the path of each problem', () => {
    expect(
      validateValues(
        {
          model: {},
          gpu: { count: 1.5 },
          exposure: { type: 'public' },
          tolerations: [{ key: 1 }],
          size: true,
          extra: 1,
        },
        schema,
      ),
    ).toEqual([
      'extra: is not a value of this chart',
      'model.id: is required',
      'gpu.count: must be integer',
      'exposure.type: must be one of clusterip, nodeport',
      'tolerations[0].key: must be string',
      'size: must match exactly one schema in oneOf',
    ]);
  });

  it('drops keys set to null first, as Helm does', () => {
    expect(validateValues({ model: { id: 'x' }, gpu: null }, schema)).toEqual(
      [],
    );
    expect(validateValues({ model: null }, schema)).toEqual([
      'model: is required',
    ]);
  });
});
