import { startKubeSim, KubeSim } from '../sim';
import {
  clientsFor,
  cpuNode,
  expectApiError,
  mergePatch,
} from '../__testutils__/clients';
import {
  evaluatePodSecurity,
  forbiddenDetail,
  policyFromLabels,
} from './podsecurity';

const restrictedContainer = {
  name: 'app',
  image: 'app:1',
  securityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  },
};

function podBody(name: string, spec: Record<string, any>) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], ...spec },
  };
}

describe('Pod Security admission: checks', () => {
  const baseline = { level: 'baseline' as const, version: 'latest' };
  const restricted = { level: 'restricted' as const, version: 'latest' };

  it('words baseline violations like the upstream policy checks, in upstream order', () => {
    const r = evaluatePodSecurity(
      baseline,
      {},
      {
        hostNetwork: true,
        hostPID: true,
        volumes: [
          { name: 'host', hostPath: { path: '/' } },
          { name: 'tmp', emptyDir: {} },
        ],
        initContainers: [
          {
            name: 'init',
            securityContext: { capabilities: { add: ['NET_ADMIN', 'CHOWN'] } },
          },
        ],
        containers: [
          {
            name: 'a',
            securityContext: { privileged: true },
            ports: [{ containerPort: 80, hostPort: 8080 }],
          },
          {
            name: 'b',
            securityContext: {
              privileged: true,
              capabilities: { add: ['SYS_ADMIN'] },
            },
            ports: [{ containerPort: 90, hostPort: 9090 }],
          },
        ],
      },
    );
    expect(r.allowed).toBe(false);
    expect(forbiddenDetail(r)).toBe(
      'non-default capabilities (containers "init", "b" must not include "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add), ' +
        'host namespaces (hostNetwork=true, hostPID=true), ' +
        'hostPath volumes (volume "host"), ' +
        'hostPort (containers "a", "b" use hostPorts 8080, 9090), ' +
        'privileged (containers "a", "b" must not set securityContext.privileged=true)',
    );
  });

  it('checks AppArmor, SELinux and Windows host process options in id order', () => {
    const r = evaluatePodSecurity(
      baseline,
      {
        annotations: {
          'container.apparmor.security.beta.kubernetes.io/b': 'unconfined',
        },
      },
      {
        securityContext: {
          seLinuxOptions: { type: 'spc_t' },
          seccompProfile: { type: 'Unconfined' },
          windowsOptions: { hostProcess: true },
        },
        containers: [
          {
            name: 'a',
            securityContext: {
              appArmorProfile: { type: 'Unconfined' },
              seLinuxOptions: { user: 'root', type: 'container_engine_t' },
            },
          },
          { name: 'b' },
        ],
      },
    );
    expect(forbiddenDetail(r)).toBe(
      'forbidden AppArmor profiles (container "a" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/b="unconfined""), ' +
        'seLinuxOptions (pod and container "a" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set), ' +
        'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined"), ' +
        'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
    );
    // container_engine_t is only allowed from v1.31
    const engine = {
      containers: [
        {
          name: 'c',
          securityContext: { seLinuxOptions: { type: 'container_engine_t' } },
        },
      ],
    };
    expect(evaluatePodSecurity(baseline, {}, engine).allowed).toBe(true);
    expect(
      evaluatePodSecurity({ level: 'baseline', version: 'v1.30' }, {}, engine)
        .allowed,
    ).toBe(false);
  });

  it('allows baseline-compliant pods at baseline and lists what restricted still needs', () => {
    const spec = { containers: [{ name: 'c', image: 'x' }] };
    expect(evaluatePodSecurity(baseline, {}, spec).allowed).toBe(true);
    expect(forbiddenDetail(evaluatePodSecurity(restricted, {}, spec))).toBe(
      'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    expect(
      evaluatePodSecurity(restricted, {}, { containers: [restrictedContainer] })
        .allowed,
    ).toBe(true);
  });

  it('applies the restricted volume, runAsUser and explicit-setter checks', () => {
    const r = evaluatePodSecurity(
      restricted,
      {},
      {
        securityContext: {
          runAsNonRoot: false,
          runAsUser: 0,
          seccompProfile: { type: 'Unconfined' },
        },
        volumes: [
          { name: 'nfs', nfs: { server: 's', path: '/' } },
          { name: 'cfg', configMap: { name: 'x' } },
        ],
        containers: [
          {
            ...restrictedContainer,
            securityContext: {
              ...restrictedContainer.securityContext,
              capabilities: {
                drop: ['ALL'],
                add: ['NET_BIND_SERVICE', 'NET_RAW'],
              },
            },
          },
        ],
      },
    );
    expect(forbiddenDetail(r)).toBe(
      'unrestricted capabilities (container "app" must not include "NET_RAW" in securityContext.capabilities.add), ' +
        'restricted volume types (volume "nfs" uses restricted volume type "nfs"), ' +
        'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false), ' +
        'runAsUser=0 (pod must not set runAsUser=0), ' +
        'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    );
  });

  it('honours version labels (runAsUser is only checked from v1.23)', () => {
    const spec = {
      securityContext: { runAsUser: 0 },
      containers: [restrictedContainer],
    };
    expect(
      evaluatePodSecurity({ level: 'restricted', version: 'v1.22' }, {}, spec)
        .allowed,
    ).toBe(true);
    expect(
      evaluatePodSecurity({ level: 'restricted', version: 'v1.23' }, {}, spec)
        .allowed,
    ).toBe(false);
  });

  it('reads namespace labels like PolicyToEvaluate (warn defaults to a stricter enforce)', () => {
    expect(
      policyFromLabels({ 'pod-security.kubernetes.io/enforce': 'baseline' })
        .policy,
    ).toEqual({
      enforce: { level: 'baseline', version: 'latest' },
      audit: { level: 'privileged', version: 'latest' },
      warn: { level: 'baseline', version: 'latest' },
    });
    const bad = policyFromLabels({
      'pod-security.kubernetes.io/enforce': 'strict',
    });
    expect(bad.policy.enforce.level).toBe('restricted');
    expect(bad.errors).toHaveLength(1);
  });
});

describe('Pod Security admission over HTTP', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  const post = (path: string, body: unknown) =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    sim = await startKubeSim();
    c = clientsFor(sim);
    await c.core.createNode({ body: cpuNode('n1', '16', '64Gi') as any });
    await c.core.createNamespace({
      body: {
        metadata: {
          name: 'tenant',
          labels: {
            'pod-security.kubernetes.io/enforce': 'baseline',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      },
    });
  });
  afterAll(() => sim.close());

  it('refuses a privileged pod with the real message', async () => {
    const err = await expectApiError(() =>
      c.core.createNamespacedPod({
        namespace: 'tenant',
        body: podBody('x', {
          containers: [
            {
              name: 'c',
              image: 'busybox:1.36',
              securityContext: { privileged: true },
            },
          ],
        }) as any,
      }),
    );
    expect(err.code).toBe(403);
    expect(err.status).toMatchObject({
      reason: 'Forbidden',
      message:
        'pods "x" is forbidden: violates PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)',
    });
  });

  it('refuses host namespaces, hostPath volumes and hostPorts', async () => {
    const res = await post(
      '/api/v1/namespaces/tenant/pods',
      podBody('h', {
        hostNetwork: true,
        volumes: [{ name: 'root', hostPath: { path: '/' } }],
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            ports: [{ containerPort: 53, hostPort: 53 }],
          },
        ],
      }),
    );
    expect(res.status).toBe(403);
    expect((await res.json()).message).toBe(
      'pods "h" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), hostPath volumes (volume "root"), hostPort (container "c" uses hostPort 53)',
    );
  });

  it('accepts a baseline pod and returns the warn-level violations as a Warning header', async () => {
    const res = await post('/api/v1/namespaces/tenant/pods', podBody('ok', {}));
    expect(res.status).toBe(201);
    expect(res.headers.get('warning')).toBe(
      '299 - "would violate PodSecurity \\"restricted:latest\\": allowPrivilegeEscalation != false (container \\"c\\" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \\"c\\" must set securityContext.capabilities.drop=[\\"ALL\\"]), runAsNonRoot != true (pod or container \\"c\\" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container \\"c\\" must set securityContext.seccompProfile.type to \\"RuntimeDefault\\" or \\"Localhost\\")"',
    );
    const quiet = await post(
      '/api/v1/namespaces/tenant/pods',
      podBody('quiet', { containers: [restrictedContainer] }),
    );
    expect(quiet.status).toBe(201);
    expect(quiet.headers.get('warning')).toBeNull();
  });

  it('warns about (but admits) a Deployment whose template breaks the level, and its ReplicaSet cannot create pods', async () => {
    await c.core.createNamespace({
      body: {
        metadata: {
          name: 'strict',
          labels: { 'pod-security.kubernetes.io/enforce': 'baseline' },
        },
      },
    });
    const res = await post('/apis/apps/v1/namespaces/strict/deployments', {
      metadata: { name: 'priv' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'priv' } },
        template: {
          metadata: { labels: { app: 'priv' } },
          spec: {
            containers: [
              {
                name: 'c',
                image: 'busybox:1.36',
                securityContext: { privileged: true },
              },
            ],
          },
        },
      },
    });
    expect(res.status).toBe(201);
    // warn defaults to the (stricter) enforce level
    expect(res.headers.get('warning')).toBe(
      '299 - "would violate PodSecurity \\"baseline:latest\\": privileged (container \\"c\\" must not set securityContext.privileged=true)"',
    );
    await sim.settle();
    const pods = await c.core.listNamespacedPod({ namespace: 'strict' });
    expect(pods.items).toHaveLength(0);
    const events = await c.core.listNamespacedEvent({
      namespace: 'strict',
      fieldSelector: 'reason=FailedCreate',
    });
    expect(events.items[0].message).toMatch(
      /^Error creating: pods "priv-[a-z0-9]+-[a-z0-9]{5}" is forbidden: violates PodSecurity "baseline:latest": privileged \(container "c" must not set securityContext\.privileged=true\)$/,
    );
    const d = await c.apps.readNamespacedDeployment({
      name: 'priv',
      namespace: 'strict',
    });
    expect(
      d.status?.conditions?.find(x => x.type === 'ReplicaFailure')?.message,
    ).toContain('violates PodSecurity "baseline:latest"');
    // relaxing the namespace's level lets the ReplicaSet create its pod
    await c.core.patchNamespace(
      {
        name: 'strict',
        body: {
          metadata: {
            labels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
          },
        },
      },
      mergePatch,
    );
    await sim.settle();
    const after = await c.apps.readNamespacedDeployment({
      name: 'priv',
      namespace: 'strict',
    });
    expect(after.status?.availableReplicas).toBe(1);
    expect(
      after.status?.conditions?.find(x => x.type === 'ReplicaFailure'),
    ).toBeUndefined();
  });

  it('evaluates a Deployment update but not its scale subresource, like upstream', async () => {
    const path = '/apis/apps/v1/namespaces/tenant/deployments';
    const deployment = (image: string) => ({
      metadata: { name: 'scaled' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'scaled' } },
        template: {
          metadata: { labels: { app: 'scaled' } },
          spec: { containers: [{ name: 'c', image }] },
        },
      },
    });
    const created = await post(path, deployment('busybox:1.36'));
    expect(created.status).toBe(201);
    expect(created.headers.get('warning')).toMatch(
      /would violate PodSecurity \\"restricted:latest\\"/,
    );
    const scaled = await fetch(`${sim.url}${path}/scaled/scale`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { replicas: 2 } }),
    });
    expect(scaled.status).toBe(200);
    expect((await scaled.json()).spec.replicas).toBe(2);
    expect(scaled.headers.get('warning')).toBeNull();
    const updated = await fetch(`${sim.url}${path}/scaled`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(deployment('busybox:1.37')),
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('warning')).toMatch(
      /would violate PodSecurity \\"restricted:latest\\"/,
    );
  });

  it('refuses invalid Pod Security labels on namespaces with 422', async () => {
    const err = await expectApiError(() =>
      c.core.createNamespace({
        body: {
          metadata: {
            name: 'typo',
            labels: { 'pod-security.kubernetes.io/enforce': 'strict' },
          },
        },
      }),
    );
    expect(err.code).toBe(422);
    expect(err.status.message).toBe(
      'Namespace "typo" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    );
  });

  it('warns about existing pods when the enforce level is tightened', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'open' } } });
    for (const name of ['p1', 'p2', 'p3']) {
      await c.core.createNamespacedPod({
        namespace: 'open',
        body: podBody(name, {}) as any,
      });
    }
    await c.core.createNamespacedPod({
      namespace: 'open',
      body: podBody('hostnet', { hostNetwork: true }) as any,
    });
    const res = await fetch(`${sim.url}/api/v1/namespaces/open`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({
        metadata: {
          labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
        },
      }),
    });
    expect(res.status).toBe(200);
    const warnings = (res.headers.get('warning') ?? '').split(/, (?=299 )/);
    expect(warnings).toEqual([
      '299 - "existing pods in namespace \\"open\\" violate the new PodSecurity enforce level \\"restricted:latest\\""',
      '299 - "hostnet: host namespaces, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile"',
      '299 - "p1 (and 2 other pods): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile"',
    ]);
    // relaxing the level again needs no pod check
    await c.core.patchNamespace(
      {
        name: 'open',
        body: {
          metadata: {
            labels: { 'pod-security.kubernetes.io/enforce': 'baseline' },
          },
        },
      },
      mergePatch,
    );
    const err = await expectApiError(() =>
      c.core.createNamespacedPod({
        namespace: 'open',
        body: podBody('hostnet2', { hostNetwork: true }) as any,
      }),
    );
    expect(err.status.message).toContain(
      'violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)',
    );
  });

  it('leaves namespaces without labels (privileged) alone', async () => {
    const res = await post(
      '/api/v1/namespaces/default/pods',
      podBody('anything', {
        hostPID: true,
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            securityContext: { privileged: true },
          },
        ],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('warning')).toBeNull();
  });
});
