import { readOcdpBackendConfig } from '../config/readOcdpBackendConfig';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  parseCreateTenantRequest,
  parseIfMatch,
  parseOwnerRef,
  parseTenantListQuery,
  parseUpdateQuotaRequest,
} from './parseRequests';

const config = readOcdpBackendConfig(
  new ConfigReader({
    ocdp: {
      protectedNamespaces: ['gpu-operator*'],
      quota: {
        defaults: { 'requests.cpu': '2', 'requests.nvidia.com/gpu': '1' },
      },
    },
  }),
);
const ctx = { config, clusterNames: ['demo', 'lab'] };

describe('parseCreateTenantRequest', () => {
  it('applies defaults, quota semantics and the default namespace', () => {
    expect(
      parseCreateTenantRequest(
        {
          name: 'vision',
          owner: 'group:team-vision',
          bindings: [
            { cluster: 'demo' },
            {
              cluster: 'lab',
              namespace: 'v-lab',
              quota: { 'requests.nvidia.com/gpumem': 2048 },
            },
          ],
        },
        ctx,
      ),
    ).toEqual({
      name: 'vision',
      owner: 'group:default/team-vision',
      bindings: [
        {
          cluster: 'demo',
          namespace: 'vision',
          quota: {
            'requests.cpu': '2',
            'requests.nvidia.com/gpu': '1',
            'requests.nvidia.com/gpumem': '0',
          },
        },
        {
          cluster: 'lab',
          namespace: 'v-lab',
          quota: {
            'requests.cpu': '2',
            'requests.nvidia.com/gpu': '0',
            'requests.nvidia.com/gpumem': '2048',
          },
        },
      ],
    });
  });

  it.each([
    [null, /^body: must be a JSON object/],
    [
      {
        name: 'x',
        owner: 'user:ben',
        bindings: [{ cluster: 'demo' }, { cluster: 'demo' }],
      },
      /^bindings\[1\]\.cluster: "demo" is listed twice/,
    ],
    [
      {
        name: 'x',
        owner: 'user:ben',
        bindings: [{ cluster: 'demo', zone: 1 }],
      },
      /^bindings\[0\]\.zone: unknown field/,
    ],
    [{ name: 'x', owner: '', bindings: [{ cluster: 'demo' }] }, /^owner: /],
    [{ name: 'x', owner: 'user:ben', bindings: 'demo' }, /^bindings: /],
    [
      {
        name: 'x'.repeat(64),
        owner: 'user:ben',
        bindings: [{ cluster: 'demo' }],
      },
      /^name: /,
    ],
  ])('rejects %j', (body, message) => {
    expect(() => parseCreateTenantRequest(body, ctx)).toThrow(message);
  });

  it('refuses protected namespaces, built in and configured, with 403', () => {
    for (const namespace of [
      'kube-public',
      'default',
      'gpu-operator-resources',
    ]) {
      expect(() =>
        parseCreateTenantRequest(
          {
            name: 'x',
            owner: 'user:ben',
            bindings: [{ cluster: 'demo', namespace }],
          },
          ctx,
        ),
      ).toThrow(expect.objectContaining({ name: 'NotAllowedError' }));
    }
  });
});

describe('parseUpdateQuotaRequest, parseIfMatch, parseOwnerRef', () => {
  it('checks the update body', () => {
    expect(parseUpdateQuotaRequest({ quota: { pods: 3 } }, config)).toEqual({
      quota: {
        pods: '3',
        'requests.nvidia.com/gpu': '0',
        'requests.nvidia.com/gpumem': '0',
      },
      quotaForNewBinding: {
        pods: '3',
        'requests.cpu': '2',
        'requests.nvidia.com/gpu': '1',
        'requests.nvidia.com/gpumem': '0',
      },
      namespace: undefined,
    });
    expect(() => parseUpdateQuotaRequest({}, config)).toThrow(
      /^quota: is required/,
    );
    expect(() => parseUpdateQuotaRequest({ quota: [] }, config)).toThrow(
      /^quota: /,
    );
  });

  it('reads tenant list queries', () => {
    expect(parseTenantListQuery({})).toEqual({});
    expect(
      parseTenantListQuery({
        limit: '50',
        cursor: 'abc',
        q: 'team',
        owner: 'Group:team-vision',
        cluster: 'demo',
      }),
    ).toEqual({
      limit: 50,
      cursor: 'abc',
      q: 'team',
      owner: 'group:default/team-vision',
      cluster: 'demo',
    });
    expect(() => parseTenantListQuery({ limit: '0' })).toThrow(/^limit: /);
    expect(() => parseTenantListQuery({ limit: '501' })).toThrow(/^limit: /);
    expect(() => parseTenantListQuery({ limit: '2.5' })).toThrow(/^limit: /);
    expect(() => parseTenantListQuery({ cursor: 'x' })).toThrow(
      /^cursor: needs limit/,
    );
    expect(() => parseTenantListQuery({ q: ['a', 'b'] })).toThrow(/^q: /);
    expect(() => parseTenantListQuery({ owner: 'component:x' })).toThrow(
      /^owner: /,
    );
    expect(() => parseTenantListQuery({ sort: 'name' })).toThrow(
      /^sort: unknown field/,
    );
  });

  it('reads If-Match versions', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch('"12"')).toBe(12);
    expect(parseIfMatch('W/"4"')).toBe(4);
    expect(() => parseIfMatch('abc')).toThrow(/^If-Match: /);
  });

  it('normalizes owners', () => {
    expect(parseOwnerRef('User:Ben')).toBe('user:default/ben');
    expect(() => parseOwnerRef('component:x')).toThrow(
      /^owner: must refer to a user or a group/,
    );
  });
});

describe('quotas Kubernetes accepts but never enforces', () => {
  const update = (quota: Record<string, unknown>, cfg = config) =>
    parseUpdateQuotaRequest({ quota }, cfg);

  it.each([
    [
      { 'limits.nvidia.com/gpu': '2' },
      /^quota\.limits\.nvidia\.com\/gpu: .*requests\.nvidia\.com\/gpu/,
    ],
    [
      { 'nvidia.com/gpu': '2' },
      /^quota\.nvidia\.com\/gpu: .*requests\.nvidia\.com\/gpu/,
    ],
    [
      { 'requests.nvidia.com/gpu': '0.5' },
      /^quota\.requests\.nvidia\.com\/gpu: .*whole number/,
    ],
    [{ pods: '2.5' }, /^quota\.pods: .*whole number/],
    [{ 'count/deployments.apps': '1500m' }, /whole number/],
  ])('refuses %j with a 400 that says why', (quota, message) => {
    let error: unknown;
    try {
      update(quota);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it('accepts a key the cluster scheduler enforces when config says so', () => {
    const hami = readOcdpBackendConfig(
      new ConfigReader({
        ocdp: {
          quota: { externallyEnforcedKeys: ['limits.nvidia.com/gpumem'] },
        },
      }),
    );
    expect(
      update({ 'limits.nvidia.com/gpumem': '8192' }, hami).quota,
    ).toMatchObject({
      'limits.nvidia.com/gpumem': '8192',
    });
    expect(() => update({ 'limits.nvidia.com/gpumem': '8192' })).toThrow(
      /requests\.nvidia\.com\/gpumem/,
    );
  });
});
