import { parseEnvironments } from './parseEnvironments';

describe('parseEnvironments', () => {
  it('reads every overlay field of each cluster', () => {
    const overlay = {
      storageClass: 'fast-ssd',
      runtimeClassName: 'nvidia',
      registryPrefix: 'mirror.example.internal/hub',
      imagePullSecrets: ['mirror-pull'],
      nodeSelector: { pool: 'gpu' },
      tolerations: [
        {
          key: 'nvidia.com/gpu',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 60,
        },
      ],
      ingressClassName: 'nginx',
      labels: { team: 'ml' },
    };
    expect(parseEnvironments({ demo: overlay, lab: {} })).toEqual({
      demo: overlay,
      lab: {},
    });
    expect(parseEnvironments(undefined)).toEqual({});
  });

  it.each([
    [[], 'ocdp.environments: must be a map of cluster name to overlay'],
    [{ demo: 'fast' }, 'ocdp.environments.demo: must be a map'],
    [
      { demo: { storageclass: 'x' } },
      'ocdp.environments.demo.storageclass: is not an environment field; known fields: storageClass, runtimeClassName',
    ],
    [
      { demo: { imagePullSecrets: 'pull' } },
      'ocdp.environments.demo.imagePullSecrets: must be a list of strings',
    ],
    [
      { demo: { imagePullSecrets: ['a', 1] } },
      'ocdp.environments.demo.imagePullSecrets[1]: must be a string',
    ],
    [
      { demo: { nodeSelector: { pool: 1 } } },
      'ocdp.environments.demo.nodeSelector.pool: must be a string',
    ],
    [
      { demo: { tolerations: [{ key: 'a', effect: 'Never' }] } },
      'ocdp.environments.demo.tolerations[0].effect: must be one of NoSchedule, PreferNoSchedule, NoExecute',
    ],
    [
      { demo: { tolerations: [{ operator: 'In' }] } },
      'ocdp.environments.demo.tolerations[0].operator: must be one of Exists, Equal',
    ],
    [
      { demo: { tolerations: [{ keys: 'a' }] } },
      'ocdp.environments.demo.tolerations[0].keys: is not a toleration field',
    ],
    [
      JSON.parse('{"demo": {"labels": {"__proto__": "x"}}}'),
      'ocdp.environments.demo.labels.__proto__: is not an allowed key',
    ],
  ])('refuses %j, naming the path', (config, message) => {
    expect(() => parseEnvironments(config)).toThrow(message);
  });
});
