import { footprintFromManifests } from '../footprint';
import { parseQuantity } from '../quantity';
import { PrecheckNode } from './capacity';
import { evaluatePrecheck } from './evaluate';
import { PrecheckQuota } from './scopes';

function deployment(
  replicas: number,
  cpu: string,
  rollingUpdate: { maxSurge: number; maxUnavailable: number },
) {
  return footprintFromManifests(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: ${replicas}
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxSurge: ${rollingUpdate.maxSurge}, maxUnavailable: ${rollingUpdate.maxUnavailable} }
  template:
    spec:
      containers:
        - name: app
          image: app
          resources:
            requests: { cpu: "${cpu}", memory: 1Gi }
            limits: { cpu: "${cpu}", memory: 1Gi }
`);
}

const quota = (
  hard: Record<string, string>,
  used: Record<string, string>,
): PrecheckQuota => ({ name: 'q', hard, used, source: 'live' });

const node = (name: string, cpu: string, usedCpu: string, pods: number) =>
  ({
    name,
    labels: {},
    allocatable: { cpu, memory: '64Gi', pods: '110' },
    requested: {
      cpu: parseQuantity(usedCpu),
      memory: parseQuantity(`${pods}Gi`),
      pods: parseQuantity(pods),
    },
    taints: [],
    unschedulable: false,
    ready: true,
  } as PrecheckNode);

const running = (nodeName: string, cpu: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    nodeName,
    name: `app-abc-${i}`,
    owner: { kind: 'ReplicaSet', name: 'app-abc' },
    requests: { cpu: parseQuantity(cpu), memory: parseQuantity('1Gi') },
  }));

/**
 * An upgrade fits when its rollout completes as the deployment and ReplicaSet controllers drive
 * it with quota admission in the loop (the same cases as kube-sim's rollout test).
 */
describe('upgrade rollouts with the quota in the loop', () => {
  const upgrade = (
    before: ReturnType<typeof deployment>,
    after: ReturnType<typeof deployment>,
    quotas: PrecheckQuota[],
    nodes?: PrecheckNode[],
    releasePods?: ReturnType<typeof running>,
  ) =>
    evaluatePrecheck({
      operation: 'upgrade',
      current: before,
      desired: after,
      quotas,
      ...(nodes ? { nodes } : {}),
      ...(releasePods ? { releasePods } : {}),
    });

  it('completes when an old pod may go first: the refused create is retried', () => {
    const strategy = { maxSurge: 1, maxUnavailable: 1 };
    const verdict = upgrade(
      deployment(2, '500m', strategy),
      deployment(2, '1', strategy),
      [quota({ pods: '2' }, { pods: '2' })],
    );
    expect(verdict.ok).toBe(true);
    expect(verdict.warnings).toContainEqual(
      expect.stringMatching(
        /^some new pods will be refused by the quota until replaced pods have gone \(pods: needs 1 more, 0 of 2 free in quota q\); the ReplicaSet retries them/,
      ),
    );
  });

  it('gets stuck when no old pod may go first, and says so', () => {
    const strategy = { maxSurge: 1, maxUnavailable: 0 };
    const verdict = upgrade(
      deployment(2, '500m', strategy),
      deployment(2, '1', strategy),
      [quota({ pods: '2' }, { pods: '2' })],
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.reasons).toEqual([
      'the rollout needs 1 more pods at its peak: 2 running + 1 surge, quota 2 (pods, quota q)',
      'the rollout of app gets stuck with 0 of 1 new pods: the refused pod is retried only as old pods go, and none may go before it (2 of 2 must stay available)',
      'it fits without the surge: set strategy rollingUpdate maxSurge: 0 and maxUnavailable: 1 (the rollout then runs one replica fewer while it replaces pods)',
    ]);
    expect(verdict.checks).toContainEqual(
      expect.objectContaining({
        key: 'pods',
        phase: 'peak',
        requested: '1',
        ok: false,
      }),
    );
  });

  it('resizes the running pods first when the replicas change with the template', () => {
    const strategy = { maxSurge: 1, maxUnavailable: 0 };
    // rolled at once 2 + 2 x 0.5 CPUs would fit in 4.2; resized first, 2 old pods take 4
    const tight = upgrade(
      deployment(1, '2', strategy),
      deployment(2, '500m', strategy),
      [quota({ 'requests.cpu': '4200m' }, { 'requests.cpu': '2' })],
    );
    expect(tight.ok).toBe(false);
    expect(tight.reasons[0]).toBe(
      'the rollout needs 2500m more requests.cpu at its peak: 2 running + 1 surge, quota 4200m (requests.cpu, quota q)',
    );
    const roomy = upgrade(
      deployment(1, '2', strategy),
      deployment(2, '500m', strategy),
      [quota({ 'requests.cpu': '4500m' }, { 'requests.cpu': '2' })],
    );
    expect(roomy).toMatchObject({ ok: true, reasons: [] });
  });

  it('places new pods as old ones leave their node, and stops at one that fits nowhere', () => {
    const rolling = { maxSurge: 0, maxUnavailable: 1 };
    // one node, full with the 2 old pods: each new pod takes the room an old one leaves
    const full = [node('a', '2', '2', 2)];
    const pods = running('a', '1', 2);
    const verdict = upgrade(
      deployment(2, '1', rolling),
      deployment(2, '1', rolling),
      [],
      full,
      pods,
    );
    expect(verdict).toMatchObject({ ok: true, capacity: { ok: true } });
    // a surge pod with no room and no old pod allowed to go: the rollout waits for it for ever
    const surging = { maxSurge: 1, maxUnavailable: 0 };
    const stuck = upgrade(
      deployment(2, '1', surging),
      deployment(2, '1', surging),
      [],
      full,
      pods,
    );
    expect(stuck.capacity).toEqual({
      ok: false,
      pods: 2,
      reasons: [
        'pod 1 of 1 of app fits on none of the 1 nodes: 1 lack cpu (needs 1); the rollout waits for it',
      ],
    });
  });
});
