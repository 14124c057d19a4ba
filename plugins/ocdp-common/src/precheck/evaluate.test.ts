import { footprintFromManifests } from '../footprint';
import { parseQuantity } from '../quantity';
import { PrecheckNode } from './capacity';
import { evaluatePrecheck } from './evaluate';
import { PrecheckQuota } from './scopes';

function deployment(options: {
  replicas: number;
  gpus?: number;
  cpu?: string;
  strategy?: string;
  product?: string;
  resources?: string;
}) {
  const resources =
    options.resources ??
    `
              requests: { cpu: "${options.cpu ?? '1'}", memory: 1Gi }
              limits: { "nvidia.com/gpu": ${options.gpus ?? 1} }`;
  return footprintFromManifests(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: llm }
spec:
  replicas: ${options.replicas}
  ${options.strategy ?? ''}
  template:
    spec:
      ${
        options.product
          ? `nodeSelector: { nvidia.com/gpu.product: ${options.product} }`
          : ''
      }
      containers:
        - name: vllm
          image: vllm/vllm-openai
          resources:${resources}
`);
}

const gpuQuota = (hard: number, used: number): PrecheckQuota => ({
  name: 'ocdp-quota',
  hard: { 'requests.nvidia.com/gpu': String(hard), 'requests.cpu': '64' },
  used: { 'requests.nvidia.com/gpu': String(used), 'requests.cpu': '0' },
  source: 'live',
});

const node = (
  name: string,
  gpus: number,
  usedGpus = 0,
  labels: Record<string, string> = {},
): PrecheckNode => ({
  name,
  labels,
  allocatable: {
    cpu: '32',
    memory: '256Gi',
    pods: '110',
    'nvidia.com/gpu': String(gpus),
  },
  requested: {
    'nvidia.com/gpu': parseQuantity(usedGpus),
    pods: parseQuantity(usedGpus),
  },
  taints: [],
  unschedulable: false,
  ready: true,
});

describe('evaluatePrecheck', () => {
  it('refuses 2 GPUs on a 1-GPU quota, naming the key in a sentence', () => {
    const verdict = evaluatePrecheck({
      operation: 'install',
      desired: deployment({ replicas: 1, gpus: 2 }),
      quotas: [gpuQuota(1, 0)],
      nodes: [node('a', 8)],
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.reasons).toEqual([
      'requests.nvidia.com/gpu: needs 2, 1 of 1 free in quota ocdp-quota',
    ]);
    expect(verdict.checks).toContainEqual({
      quota: 'ocdp-quota',
      key: 'requests.nvidia.com/gpu',
      requested: '2',
      used: '0',
      hard: '1',
      available: '1',
      ok: false,
      source: 'live',
    });
  });

  it('accepts an install within the quota and the free GPUs', () => {
    const verdict = evaluatePrecheck({
      operation: 'install',
      desired: deployment({ replicas: 2, gpus: 1 }),
      quotas: [gpuQuota(4, 1)],
      nodes: [node('a', 2, 1), node('b', 1)],
    });
    expect(verdict).toMatchObject({ ok: true, reasons: [] });
    expect(verdict.capacity).toEqual({ ok: true, pods: 2, reasons: [] });
  });

  it('refuses an upgrade that fits only without its surge, and names the strategy that fits', () => {
    const current = deployment({ replicas: 3, gpus: 1 });
    const desired = deployment({ replicas: 3, gpus: 1, cpu: '2' });
    const verdict = evaluatePrecheck({
      operation: 'upgrade',
      current,
      desired,
      quotas: [gpuQuota(3, 3)],
      nodes: [node('a', 8, 3)],
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.reasons).toContain(
      'the rollout needs 1 GPU more at its peak: 3 running + 1 surge, quota 3 (requests.nvidia.com/gpu, quota ocdp-quota)',
    );
    expect(verdict.reasons.join(' ')).toMatch(
      /maxSurge: 0 and maxUnavailable: 1/,
    );
    expect(verdict.checks.filter(c => c.phase === 'end').every(c => c.ok)).toBe(
      true,
    );

    const withoutSurge = evaluatePrecheck({
      operation: 'upgrade',
      current,
      desired: deployment({
        replicas: 3,
        gpus: 1,
        cpu: '2',
        strategy:
          'strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }',
      }),
      quotas: [gpuQuota(3, 3)],
      nodes: [node('a', 8, 3)],
    });
    expect(withoutSurge).toMatchObject({ ok: true, reasons: [] });
  });

  it('checks a Recreate upgrade at its end state only', () => {
    const verdict = evaluatePrecheck({
      operation: 'upgrade',
      current: deployment({ replicas: 2, gpus: 1 }),
      desired: deployment({
        replicas: 2,
        gpus: 2,
        strategy: 'strategy: { type: Recreate }',
      }),
      quotas: [gpuQuota(4, 2)],
      nodes: [node('a', 4, 2)],
      releasePods: [1, 2].map(() => ({
        nodeName: 'a',
        requests: { 'nvidia.com/gpu': parseQuantity(1) },
      })),
    });
    expect(verdict.ok).toBe(true);
    expect(verdict.checks.find(c => c.phase === 'end')).toMatchObject({
      requested: '2',
      ok: true,
    });
  });

  it('checks only the added replicas of a scale, and lets a scale-down through', () => {
    const current = deployment({ replicas: 2, gpus: 1 });
    const up = evaluatePrecheck({
      operation: 'scale',
      current,
      desired: current,
      scaleTo: 4,
      quotas: [gpuQuota(3, 2)],
      nodes: [node('a', 8, 2)],
    });
    expect(up.reasons).toEqual([
      'requests.nvidia.com/gpu: needs 2, 1 of 3 free in quota ocdp-quota',
    ]);
    const down = evaluatePrecheck({
      operation: 'scale',
      current,
      desired: current,
      scaleTo: 0,
      quotas: [gpuQuota(1, 2)],
      nodes: [],
    });
    expect(down).toMatchObject({ ok: true, capacity: { pods: 0 } });
  });

  it('counts pods only in quotas whose scopes select them', () => {
    const bestEffortOnly: PrecheckQuota = {
      name: 'best-effort',
      hard: { pods: '0' },
      used: { pods: '0' },
      scopes: ['BestEffort'],
      source: 'live',
    };
    const highPriority: PrecheckQuota = {
      name: 'high',
      hard: { pods: '0' },
      used: {},
      scopeSelector: {
        matchExpressions: [
          { scopeName: 'PriorityClass', operator: 'In', values: ['high'] },
        ],
      },
      source: 'live',
    };
    const notBestEffort: PrecheckQuota = {
      ...bestEffortOnly,
      name: 'not-best-effort',
      scopes: ['NotBestEffort'],
    };
    const verdict = evaluatePrecheck({
      operation: 'install',
      desired: deployment({ replicas: 1 }),
      quotas: [bestEffortOnly, highPriority, notBestEffort],
      nodes: [node('a', 8)],
    });
    expect(verdict.reasons).toEqual([
      'pods: needs 1, 0 of 0 free in quota not-best-effort',
    ]);
  });

  it('applies LimitRange defaults before the quota and refuses what breaks its bounds', () => {
    const noCpu = deployment({
      replicas: 1,
      resources: `
              limits: { "nvidia.com/gpu": 1 }`,
    });
    const quota: PrecheckQuota = {
      name: 'ocdp-quota',
      hard: { 'requests.cpu': '1' },
      used: { 'requests.cpu': '500m' },
      source: 'live',
    };
    const withoutDefaults = evaluatePrecheck({
      operation: 'install',
      desired: noCpu,
      quotas: [quota],
      nodes: [node('a', 8)],
    });
    expect(withoutDefaults.reasons).toEqual([
      expect.stringMatching(
        /^quota ocdp-quota tracks requests\.cpu: every pod must set it/,
      ),
    ]);
    const defaulted = evaluatePrecheck({
      operation: 'install',
      desired: noCpu,
      quotas: [quota],
      limitRanges: [
        {
          name: 'ocdp-defaults',
          limits: [{ type: 'Container', defaultRequest: { cpu: '750m' } }],
        },
      ],
      nodes: [node('a', 8)],
    });
    expect(defaulted.reasons).toEqual([
      'requests.cpu: needs 750m, 500m of 1 free in quota ocdp-quota',
    ]);
    const bounded = evaluatePrecheck({
      operation: 'install',
      desired: deployment({ replicas: 1, cpu: '4' }),
      quotas: [],
      limitRanges: [
        { name: 'caps', limits: [{ type: 'Container', max: { cpu: '2' } }] },
      ],
      nodes: [node('a', 8)],
    });
    expect(bounded.reasons).toEqual([
      'llm: maximum cpu usage per Container is 2.  No limit is specified',
    ]);
  });

  it('refuses what no node can take: the GPU model, the free GPUs, taints', () => {
    const verdict = evaluatePrecheck({
      operation: 'install',
      desired: deployment({
        replicas: 2,
        gpus: 2,
        product: 'NVIDIA-A100-SXM4-80GB',
      }),
      quotas: [],
      nodes: [
        node('a100', 4, 3, {
          'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB',
        }),
        node('l4', 8, 0, { 'nvidia.com/gpu.product': 'NVIDIA-L4' }),
        {
          ...node('tainted', 8),
          taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }],
        },
      ],
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.capacity).toEqual({
      ok: false,
      pods: 2,
      reasons: [
        'pod 1 of 2 of llm fits on none of the 3 nodes: 1 lack nvidia.com/gpu (needs 2), 2 outside the node selector',
      ],
    });
  });

  it('warns when the next rolling upgrade would not fit its surge', () => {
    const verdict = evaluatePrecheck({
      operation: 'install',
      desired: deployment({ replicas: 2, gpus: 1 }),
      quotas: [gpuQuota(2, 0)],
      nodes: [node('a', 8)],
    });
    expect(verdict.ok).toBe(true);
    expect(verdict.warnings).toEqual([
      expect.stringMatching(
        /^a later rolling upgrade will not fit its surge \(requests\.nvidia\.com\/gpu \+1\)/,
      ),
    ]);
  });
});
