import { OcdpInstance } from '@ocdp/plugin-ocdp-common';

/** An instance as `GET /api/ocdp/instances` lists it. */
export function testInstance(
  overrides: Partial<OcdpInstance> = {},
): OcdpInstance {
  return {
    id: '7f9c2c1e-4f0b-4a61-9b8e-0d2a5c3e1a10',
    name: 'llama',
    tenant: 'vision',
    cluster: 'demo',
    namespace: 'ocdp-vision',
    owner: 'user:default/ben',
    chart: 'model-server',
    chartVersion: '0.1.0',
    profile: 'model-server',
    values: {
      model: { id: 'meta-llama/Llama-3.1-8B-Instruct' },
      gpu: { count: 1 },
      exposure: { type: 'clusterip' },
    },
    status: 'ready',
    entityRef: 'component:default/llama.vision.demo',
    kubernetesId: 'llama.vision.demo',
    createdAt: '2026-11-30T06:00:00.000Z',
    updatedAt: '2026-11-30T06:00:00.000Z',
    version: 1,
    ...overrides,
  };
}
