import {
  AuthorizationV1Api,
  AuthenticationV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from './sim';
import { TokenIssuer } from './auth/tokens';
import { clientsFor, expectApiError, cpuNode } from './__testutils__/clients';

function kcWithToken(sim: KubeSim, token: string | undefined): KubeConfig {
  const obj: any = sim.kubeConfigObject();
  obj.users[0].user = token ? { token } : {};
  const kc = new KubeConfig();
  kc.loadFromString(JSON.stringify(obj));
  return kc;
}

describe('ServiceAccount tokens and RBAC', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;
  let rbac: RbacAuthorizationV1Api;

  async function tokenFor(ns: string, sa: string, expirationSeconds = 600) {
    const tr = await c.core.createNamespacedServiceAccountToken({
      name: sa,
      namespace: ns,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { audiences: [], expirationSeconds },
      },
    });
    return tr;
  }

  beforeAll(async () => {
    sim = await startKubeSim({
      port: 0,
      scenario: {
        objects: [
          cpuNode('n1'),
          ...['team-a', 'other'].map(name => ({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name },
          })),
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'tenant', namespace: 'team-a' },
          },
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'p', namespace: 'team-a' },
            spec: { containers: [{ name: 'c', image: 'busybox' }] },
          },
        ],
      },
      tokens: [{ token: 'alice-token', user: 'alice', groups: ['devs'] }],
    });
    c = clientsFor(sim);
    rbac = c.kc.makeApiClient(RbacAuthorizationV1Api);
  });
  afterAll(() => sim.close());

  it('has the bootstrap ClusterRoles', async () => {
    const roles = await rbac.listClusterRole();
    const names = roles.items.map(r => r.metadata!.name);
    expect(names).toEqual(
      expect.arrayContaining(['admin', 'edit', 'view', 'cluster-admin']),
    );
    const view = await rbac.readClusterRole({ name: 'view' });
    expect(view.aggregationRule?.clusterRoleSelectors).toHaveLength(1);
    expect(
      view.rules!.some(
        r => r.resources?.includes('pods/log') && r.verbs.includes('get'),
      ),
    ).toBe(true);
  });

  it('issues an expiring TokenRequest token bound to the ServiceAccount', async () => {
    const before = Date.now();
    const tr = await tokenFor('team-a', 'tenant', 900);
    expect(tr.spec!.expirationSeconds).toBe(900);
    const exp = new Date(tr.status!.expirationTimestamp!).getTime();
    expect(exp).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000 + 899_000,
    );
    expect(exp).toBeLessThanOrEqual(Date.now() + 901_000);
    const [, payload] = tr.status!.token!.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({
      sub: 'system:serviceaccount:team-a:tenant',
      'kubernetes.io': {
        namespace: 'team-a',
        serviceaccount: { name: 'tenant' },
      },
    });
    const who = await kcWithToken(sim, tr.status!.token)
      .makeApiClient(AuthenticationV1Api)
      .createSelfSubjectReview({ body: {} });
    expect(who.status!.userInfo).toMatchObject({
      username: 'system:serviceaccount:team-a:tenant',
      groups: [
        'system:serviceaccounts',
        'system:serviceaccounts:team-a',
        'system:authenticated',
      ],
    });
    const short = await expectApiError(() => tokenFor('team-a', 'tenant', 60));
    expect(short.code).toBe(422);
    expect(short.status.message).toContain(
      'may not specify a duration less than 10 minutes',
    );
    const missing = await expectApiError(() => tokenFor('team-a', 'nobody'));
    expect(missing.code).toBe(404);
    expect(missing.status.message).toBe('serviceaccounts "nobody" not found');
  });

  it('authorizes ServiceAccount tokens with RBAC and refuses with the real 403', async () => {
    const tr = await tokenFor('team-a', 'tenant');
    const sa = kcWithToken(sim, tr.status!.token).makeApiClient(CoreV1Api);
    const denied = await expectApiError(() =>
      sa.listNamespacedPod({ namespace: 'team-a' }),
    );
    expect(denied.code).toBe(403);
    expect(denied.status).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message:
        'pods is forbidden: User "system:serviceaccount:team-a:tenant" cannot list resource "pods" in API group "" in the namespace "team-a"',
      details: { kind: 'pods' },
    });

    await rbac.createNamespacedRoleBinding({
      namespace: 'team-a',
      body: {
        metadata: { name: 'tenant-edit' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'edit',
        },
        subjects: [{ kind: 'ServiceAccount', name: 'tenant' }],
      },
    });
    expect(
      (await sa.listNamespacedPod({ namespace: 'team-a' })).items,
    ).toHaveLength(1);
    expect(
      await sa.readNamespacedPodLog({ name: 'p', namespace: 'team-a' }),
    ).toContain('starting c');
    const other = await expectApiError(() =>
      sa.listNamespacedPod({ namespace: 'other' }),
    );
    expect(other.status.message).toBe(
      'pods is forbidden: User "system:serviceaccount:team-a:tenant" cannot list resource "pods" in API group "" in the namespace "other"',
    );
    const nodes = await expectApiError(() => sa.listNode());
    expect(nodes.status.message).toBe(
      'nodes is forbidden: User "system:serviceaccount:team-a:tenant" cannot list resource "nodes" in API group "" at the cluster scope',
    );
    const quota = await expectApiError(() =>
      sa.createNamespacedResourceQuota({
        namespace: 'team-a',
        body: { metadata: { name: 'q' }, spec: { hard: { pods: '1' } } },
      }),
    );
    expect(quota.status.message).toBe(
      'resourcequotas is forbidden: User "system:serviceaccount:team-a:tenant" cannot create resource "resourcequotas" in API group "" in the namespace "team-a"',
    );
    // a watch is authorized as "watch"
    const watch = await fetch(
      `${sim.url}/api/v1/namespaces/other/pods?watch=true`,
      { headers: { authorization: `Bearer ${tr.status!.token}` } },
    );
    expect(watch.status).toBe(403);
    expect((await watch.json()).message).toContain(
      'cannot watch resource "pods"',
    );
  });

  it('matches subresources, resourceNames, groups and users', async () => {
    await c.core.createNamespacedServiceAccount({
      namespace: 'other',
      body: { metadata: { name: 'reader' } },
    });
    await c.core.createNamespacedConfigMap({
      namespace: 'other',
      body: { metadata: { name: 'allowed' } },
    });
    await c.core.createNamespacedConfigMap({
      namespace: 'other',
      body: { metadata: { name: 'secret-ish' } },
    });
    await c.core.createNamespacedPod({
      namespace: 'other',
      body: {
        metadata: { name: 'q' },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
    });
    await rbac.createNamespacedRole({
      namespace: 'other',
      body: {
        metadata: { name: 'narrow' },
        rules: [
          {
            apiGroups: [''],
            resources: ['configmaps'],
            resourceNames: ['allowed'],
            verbs: ['get'],
          },
          { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        ],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: 'other',
      body: {
        metadata: { name: 'narrow' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: 'narrow',
        },
        subjects: [
          {
            kind: 'Group',
            apiGroup: 'rbac.authorization.k8s.io',
            name: 'system:serviceaccounts:other',
          },
          {
            kind: 'User',
            apiGroup: 'rbac.authorization.k8s.io',
            name: 'alice',
          },
        ],
      },
    });
    const tr = await tokenFor('other', 'reader');
    for (const kc of [
      kcWithToken(sim, tr.status!.token),
      kcWithToken(sim, 'alice-token'),
    ]) {
      const api = kc.makeApiClient(CoreV1Api);
      expect(
        (
          await api.readNamespacedConfigMap({
            name: 'allowed',
            namespace: 'other',
          })
        ).metadata!.name,
      ).toBe('allowed');
      const other = await expectApiError(() =>
        api.readNamespacedConfigMap({ name: 'secret-ish', namespace: 'other' }),
      );
      expect(other.code).toBe(403);
      expect(other.status.message).toMatch(
        /^configmaps "secret-ish" is forbidden: User "[^"]+" cannot get resource "configmaps" in API group "" in the namespace "other"$/,
      );
      await expectApiError(() =>
        api.listNamespacedConfigMap({ namespace: 'other' }),
      );
      await api.readNamespacedPod({ name: 'q', namespace: 'other' });
      const log = await expectApiError(() =>
        api.readNamespacedPodLog({ name: 'q', namespace: 'other' }),
      );
      expect(log.status.message).toMatch(
        /^pods "q" is forbidden: User "[^"]+" cannot get resource "pods\/log" in API group "" in the namespace "other"$/,
      );
    }
  });

  it('answers SelfSubjectAccessReview and SelfSubjectRulesReview', async () => {
    const tr = await tokenFor('team-a', 'tenant');
    const authz = kcWithToken(sim, tr.status!.token).makeApiClient(
      AuthorizationV1Api,
    );
    const review = (
      namespace: string,
      verb: string,
      resource: string,
      subresource?: string,
    ) =>
      authz.createSelfSubjectAccessReview({
        body: {
          spec: {
            resourceAttributes: { namespace, verb, resource, subresource },
          },
        },
      });
    const yes = await review('team-a', 'create', 'pods');
    expect(yes.status).toMatchObject({ allowed: true });
    expect(yes.status!.reason).toContain('RoleBinding "tenant-edit/team-a"');
    expect((await review('team-a', 'get', 'pods', 'log')).status!.allowed).toBe(
      true,
    );
    expect((await review('other', 'get', 'pods')).status!.allowed).toBe(false);
    expect((await review('team-a', 'create', 'roles')).status!.allowed).toBe(
      false,
    );

    const rules = await authz.createSelfSubjectRulesReview({
      body: { spec: { namespace: 'team-a' } },
    });
    expect(rules.status!.incomplete).toBe(false);
    expect(rules.status!.resourceRules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
          verbs: ['create'],
        }),
        expect.objectContaining({
          resources: expect.arrayContaining(['pods']),
          verbs: expect.arrayContaining(['create', 'delete']),
        }),
      ]),
    );
    const none = await authz.createSelfSubjectRulesReview({
      body: { spec: { namespace: 'other' } },
    });
    expect(
      none.status!.resourceRules.some(r => r.resources?.includes('pods')),
    ).toBe(false);
  });

  it('refuses expired, forged and revoked tokens with 401', async () => {
    const realNow = Date.now;
    Date.now = () => realNow() - 2 * 3600_000;
    let old: string;
    try {
      old = (await tokenFor('team-a', 'tenant', 3600)).status!.token!;
    } finally {
      Date.now = realNow;
    }
    const expired = await expectApiError(() =>
      kcWithToken(sim, old).makeApiClient(CoreV1Api).listNamespacedPod({
        namespace: 'team-a',
      }),
    );
    expect(expired.code).toBe(401);
    const raw401 = await fetch(`${sim.url}/api/v1/namespaces/team-a/pods`, {
      headers: { authorization: `Bearer ${old!}` },
    });
    expect(raw401.status).toBe(401);
    expect(await raw401.json()).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      message: 'Unauthorized',
      code: 401,
    });
    const forged = new TokenIssuer().sign({
      iss: 'https://kubernetes.default.svc.cluster.local',
      aud: [],
      sub: 'system:serviceaccount:team-a:tenant',
      iat: 0,
      nbf: 0,
      exp: 2 ** 31,
      jti: 'x',
      'kubernetes.io': {
        namespace: 'team-a',
        serviceaccount: { name: 'tenant', uid: 'x' },
      },
    });
    const bad = await fetch(`${sim.url}/api/v1/namespaces/team-a/pods`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(bad.status).toBe(401);

    await c.core.createNamespacedServiceAccount({
      namespace: 'team-a',
      body: { metadata: { name: 'gone' } },
    });
    const t = (await tokenFor('team-a', 'gone')).status!.token;
    const whoami = () =>
      fetch(`${sim.url}/apis/authentication.k8s.io/v1/selfsubjectreviews`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${t}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
    expect((await whoami()).status).toBe(201);
    await c.core.deleteNamespacedServiceAccount({
      name: 'gone',
      namespace: 'team-a',
    });
    expect((await whoami()).status).toBe(401);
  });

  it('accepts a token only for its audiences (TokenReview checks others)', async () => {
    const tr = await c.core.createNamespacedServiceAccountToken({
      name: 'tenant',
      namespace: 'team-a',
      body: { spec: { audiences: ['vault'] } },
    });
    expect(tr.spec!.audiences).toEqual(['vault']);
    const token = tr.status!.token!;
    const direct = await fetch(`${sim.url}/api/v1/namespaces/team-a/pods`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(direct.status).toBe(401);
    const review = (audiences: string[]) =>
      c.kc.makeApiClient(AuthenticationV1Api).createTokenReview({
        body: { spec: { token, audiences } },
      });
    const vault = await review(['vault']);
    expect(vault.status).toMatchObject({
      authenticated: true,
      user: { username: 'system:serviceaccount:team-a:tenant' },
    });
    expect((await review([])).status!.authenticated).toBeFalsy();
  });

  it('invalidates a token bound to a pod when the pod goes', async () => {
    const pod = await c.core.createNamespacedPod({
      namespace: 'team-a',
      body: {
        metadata: { name: 'bound' },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
    });
    const tr = await c.core.createNamespacedServiceAccountToken({
      name: 'tenant',
      namespace: 'team-a',
      body: {
        spec: {
          audiences: [],
          boundObjectRef: {
            apiVersion: 'v1',
            kind: 'Pod',
            name: 'bound',
            uid: pod.metadata!.uid,
          },
        },
      },
    });
    const whoami = () =>
      fetch(`${sim.url}/apis/authentication.k8s.io/v1/selfsubjectreviews`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tr.status!.token}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
    const ok = await whoami();
    expect(ok.status).toBe(201);
    expect((await ok.json()).status.userInfo.extra).toMatchObject({
      'authentication.kubernetes.io/pod-name': ['bound'],
    });
    await c.core.deleteNamespacedPod({ name: 'bound', namespace: 'team-a' });
    expect((await whoami()).status).toBe(401);
  });

  it('prevents privilege escalation through roles and bindings', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'esc' } } });
    await c.core.createNamespacedServiceAccount({
      namespace: 'esc',
      body: { metadata: { name: 'ns-admin' } },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: 'esc',
      body: {
        metadata: { name: 'ns-admin' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'admin',
        },
        subjects: [{ kind: 'ServiceAccount', name: 'ns-admin' }],
      },
    });
    const tr = await tokenFor('esc', 'ns-admin');
    const asAdmin = kcWithToken(sim, tr.status!.token).makeApiClient(
      RbacAuthorizationV1Api,
    );
    const groups =
      '["system:serviceaccounts" "system:serviceaccounts:esc" "system:authenticated"]';
    // rules it holds: fine
    await asAdmin.createNamespacedRole({
      namespace: 'esc',
      body: {
        metadata: { name: 'pod-reader' },
        rules: [
          { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
        ],
      },
    });
    const role = await expectApiError(() =>
      asAdmin.createNamespacedRole({
        namespace: 'esc',
        body: {
          metadata: { name: 'too-much' },
          rules: [
            { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'get'] },
            { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
          ],
        },
      }),
    );
    expect(role.code).toBe(403);
    expect(role.status.message).toBe(
      `roles.rbac.authorization.k8s.io "too-much" is forbidden: user "system:serviceaccount:esc:ns-admin" (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["list" "get"]}`,
    );
    const binding = (name: string, roleName: string) =>
      asAdmin.createNamespacedRoleBinding({
        namespace: 'esc',
        body: {
          metadata: { name },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: roleName,
          },
          subjects: [{ kind: 'User', name: 'bob' }],
        },
      });
    await binding('bob-view', 'view');
    const admin = await expectApiError(() =>
      binding('bob-admin', 'cluster-admin'),
    );
    expect(admin.status.message).toBe(
      `rolebindings.rbac.authorization.k8s.io "bob-admin" is forbidden: user "system:serviceaccount:esc:ns-admin" (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}`,
    );
    const missing = await expectApiError(() => binding('bob-x', 'nope'));
    expect(missing.status.message).toBe(
      'rolebindings.rbac.authorization.k8s.io "bob-x" is forbidden: clusterrole.rbac.authorization.k8s.io "nope" not found',
    );
    // the admin (system:masters) may
    await rbac.createNamespacedRoleBinding({
      namespace: 'esc',
      body: {
        metadata: { name: 'bob-admin' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'cluster-admin',
        },
        subjects: [{ kind: 'User', name: 'bob' }],
      },
    });
  });

  it('keeps full access for the admin token, any token and no token by default', async () => {
    for (const token of ['kube-sim-simulated-token', 'anything', undefined]) {
      const api = kcWithToken(sim, token).makeApiClient(CoreV1Api);
      await api.listNamespacedPod({ namespace: 'other' });
      await api.listNode();
    }
    const imp = await fetch(`${sim.url}/api/v1/namespaces/other/pods`, {
      headers: { 'impersonate-user': 'system:serviceaccount:team-a:tenant' },
    });
    expect(imp.status).toBe(403);
    expect((await imp.json()).message).toContain(
      'User "system:serviceaccount:team-a:tenant" cannot list',
    );
  });
});

describe('strict authentication', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, strictAuth: true });
  });
  afterAll(() => sim.close());

  it('treats missing tokens as system:anonymous and refuses unknown ones', async () => {
    const anon = await fetch(`${sim.url}/api/v1/namespaces/default/pods`);
    expect(anon.status).toBe(403);
    expect((await anon.json()).message).toBe(
      'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect((await fetch(`${sim.url}/version`)).status).toBe(200);
    const unknown = await fetch(`${sim.url}/api/v1/namespaces/default/pods`, {
      headers: { authorization: 'Bearer anything' },
    });
    expect(unknown.status).toBe(401);
    const admin = await fetch(`${sim.url}/api/v1/namespaces/default/pods`, {
      headers: { authorization: 'Bearer kube-sim-simulated-token' },
    });
    expect(admin.status).toBe(200);
  });
});
