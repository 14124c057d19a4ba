import { parseChartProfiles, findChartProfile } from './parseProfiles';
import {
  BUILT_IN_CHART_PROFILES,
  GENERIC_PROFILE,
  MODEL_SERVER_PROFILE,
} from './profiles';

describe('parseChartProfiles', () => {
  it('reads a profile, naming it by its key and its objects after the release', () => {
    expect(
      parseChartProfiles({
        mychart: {
          replicasPath: 'server.replicas',
          resourcesPath: 'server.resources',
          gpu: {
            countPath: 'server.gpus',
            productPath: ['gpuModel', '$.global.gpuModel'],
          },
          services: [{ name: '{release}-api', typePath: 'api.type', ports: 2 }],
        },
      }),
    ).toEqual({
      mychart: {
        name: 'mychart',
        objectName: '{release}',
        replicasPath: 'server.replicas',
        resourcesPath: 'server.resources',
        gpu: {
          countPath: 'server.gpus',
          productPath: ['gpuModel', '$.global.gpuModel'],
        },
        services: [{ name: '{release}-api', typePath: 'api.type', ports: 2 }],
      },
    });
  });

  it('accepts every built-in profile as config', () => {
    for (const [name, profile] of Object.entries(BUILT_IN_CHART_PROFILES)) {
      expect(parseChartProfiles({ [name]: profile })[name]).toEqual(profile);
    }
  });

  it('returns no profiles for absent config', () => {
    expect(parseChartProfiles(undefined)).toEqual({});
  });

  it.each([
    [
      { mychart: { replicasPath: 3 } },
      'ocdp.chartProfiles.mychart.replicasPath: must be a string',
    ],
    [
      { mychart: { replicasPath: ['a', 7] } },
      'ocdp.chartProfiles.mychart.replicasPath[1]: must be a string',
    ],
    [
      { mychart: { resourcesPath: 'a..b' } },
      'ocdp.chartProfiles.mychart.resourcesPath: must be a dotted path without empty parts, __proto__, constructor or prototype',
    ],
    [
      { mychart: { resourcesPath: 'a.__proto__.b' } },
      'ocdp.chartProfiles.mychart.resourcesPath: must be a dotted path without empty parts, __proto__, constructor or prototype',
    ],
    [
      { mychart: { replicaPath: 'x' } },
      'ocdp.chartProfiles.mychart.replicaPath: is not a chart profile field',
    ],
    [
      { mychart: { kind: 'DaemonSet' } },
      'ocdp.chartProfiles.mychart.kind: must be one of Deployment, StatefulSet',
    ],
    [
      { mychart: { defaultReplicas: -1 } },
      'ocdp.chartProfiles.mychart.defaultReplicas: must be a non-negative integer',
    ],
    [
      { mychart: { services: [{ typePath: 'x' }] } },
      'ocdp.chartProfiles.mychart.services[0].name: is required',
    ],
    [
      {
        mychart: {
          services: [{ name: 'a', exposureValues: { public: 'LB' } }],
        },
      },
      'ocdp.chartProfiles.mychart.services[0].exposureValues.public: must be one of clusterip, nodeport, loadbalancer, ingress',
    ],
    [
      { mychart: { storage: { name: 'x' } } },
      'ocdp.chartProfiles.mychart.storage.sizePath: is required',
    ],
    [
      { mychart: { gpu: 'nvidia' } },
      'ocdp.chartProfiles.mychart.gpu: must be a map',
    ],
    [
      { MyChart: {} },
      'ocdp.chartProfiles.MyChart: a profile name must be lower-case letters, digits, "-" and "."',
    ],
    [[], 'ocdp.chartProfiles: must be a map of chart profiles'],
  ])('refuses %j: %s', (config, message) => {
    expect(() => parseChartProfiles(config)).toThrow(message);
  });

  it('refuses a __proto__ key coming from JSON', () => {
    expect(() =>
      parseChartProfiles(
        JSON.parse('{"mychart":{"requests":{"__proto__":"x"}}}'),
      ),
    ).toThrow('ocdp.chartProfiles.mychart.requests.__proto__: is not allowed');
    expect(() => parseChartProfiles(JSON.parse('{"__proto__":{}}'))).toThrow(
      'ocdp.chartProfiles.__proto__:',
    );
  });

  it('names errors under another field when asked', () => {
    expect(() =>
      parseChartProfiles({ x: { labelsPath: 1 } }, 'profile'),
    ).toThrow('profile.x.labelsPath: must be a string');
  });
});

describe('findChartProfile', () => {
  it('prefers a configured profile to a built-in one', () => {
    const mine = { ...GENERIC_PROFILE, description: 'ours' };
    expect(findChartProfile('generic', { generic: mine })).toBe(mine);
    expect(findChartProfile('model-server')).toBe(MODEL_SERVER_PROFILE);
    expect(findChartProfile('nope')).toBeUndefined();
    expect(findChartProfile('toString')).toBeUndefined();
  });
});
