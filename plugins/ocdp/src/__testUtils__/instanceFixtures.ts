import {
  OcdpInstance,
  OcdpInstanceDetails,
  OcdpPrecheckReport,
} from '@ocdp/plugin-ocdp-common';

/** A ready vLLM instance of tenant `team-vision` on cluster `demo`, one replica. */
export const llamaInstance: OcdpInstance = {
  id: '6d1c2f0e-1111-4a4a-9b9b-000000000001',
  name: 'llama',
  tenant: 'team-vision',
  cluster: 'demo',
  namespace: 'team-vision',
  owner: 'user:default/ben',
  chart: 'model-server',
  chartVersion: '0.1.0',
  profile: 'model-server',
  values: {
    replicaCount: 1,
    model: { id: 'meta-llama/Llama-3.1-8B-Instruct', servedName: 'llama' },
    gpu: { resource: 'nvidia.com/gpu', count: 1, product: 'NVIDIA-A100' },
    exposure: { type: 'clusterip' },
    cache: { size: '20Gi' },
  },
  status: 'ready',
  entityRef: 'component:default/llama-team-vision-demo',
  kubernetesId: 'llama-team-vision-demo',
  createdAt: '2026-11-30T05:00:00.000Z',
  updatedAt: '2026-11-30T05:00:00.000Z',
  version: 3,
};

export function instanceDetails(
  instance: OcdpInstance = llamaInstance,
  live: Partial<OcdpInstanceDetails['live']> = {},
): OcdpInstanceDetails {
  return {
    ...instance,
    live: {
      reachable: true,
      conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded' }],
      desiredReplicas: 1,
      readyReplicas: 1,
      pods: [{ name: 'llama-0', phase: 'Running', node: 'gpu-node-1' }],
      endpoint: 'http://llama.team-vision.svc:8000',
      ...live,
    },
  };
}

export function precheckReport(
  overrides: Partial<OcdpPrecheckReport> = {},
): OcdpPrecheckReport {
  return {
    ok: true,
    operation: 'scale',
    tenant: 'team-vision',
    cluster: 'demo',
    namespace: 'team-vision',
    checks: [
      {
        quota: 'ocdp-quota',
        key: 'requests.nvidia.com/gpu',
        requested: '1',
        used: '1',
        hard: '4',
        available: '3',
        ok: true,
        source: 'live',
      },
    ],
    capacity: { ok: true, pods: 1, reasons: [] },
    reasons: [],
    warnings: [],
    ...overrides,
  };
}

/** What the pre-flight says when one more GPU does not fit. */
export const gpuRefusal: OcdpPrecheckReport = precheckReport({
  ok: false,
  checks: [
    {
      quota: 'ocdp-quota',
      key: 'requests.nvidia.com/gpu',
      requested: '1',
      used: '4',
      hard: '4',
      available: '0',
      ok: false,
      source: 'live',
    },
  ],
  reasons: ['requests.nvidia.com/gpu: needs 1, 0 of 4 free'],
});
