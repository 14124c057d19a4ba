import fs from 'node:fs';
import path from 'node:path';
import { footprintFromManifests } from './fromManifests';
import { footprintFromJson, footprintToJson } from './json';

const FIXTURES = path.join(__dirname, '__fixtures__/model-server');

describe('footprint JSON', () => {
  it.each(fs.readdirSync(FIXTURES))('round-trips the %s fixture', name => {
    const fp = footprintFromManifests(
      fs.readFileSync(path.join(FIXTURES, name, 'manifests.yaml'), 'utf8'),
    );
    const json = JSON.parse(JSON.stringify(footprintToJson(fp)));
    expect(footprintFromJson(json)).toEqual(fp);
  });

  it('writes quantities as canonical strings', () => {
    const fp = footprintFromManifests(
      fs.readFileSync(
        path.join(FIXTURES, 'hami-loadbalancer', 'manifests.yaml'),
        'utf8',
      ),
    );
    expect(footprintToJson(fp).workloads[0].pod.requests).toEqual({
      cpu: '2',
      memory: '16Gi',
      'nvidia.com/gpu': '1',
      'nvidia.com/gpumem': '24576',
    });
  });

  it.each([
    [{}, 'footprint.workloads: must be a list'],
    [
      {
        workloads: [{ kind: 'CronJob' }],
        volumeClaims: [],
        services: [],
        objects: {},
      },
      'footprint.workloads[0].kind: must be one of Deployment, StatefulSet, ReplicaSet, Job, Pod',
    ],
    [
      {
        workloads: [],
        volumeClaims: [{ name: 'c', storage: 'big' }],
        services: [],
        objects: {},
      },
      'footprint.volumeClaims[0].storage: "big" is not a valid Kubernetes quantity',
    ],
    [
      { workloads: [], volumeClaims: [], services: [], objects: { pods: -1 } },
      'footprint.objects.pods: must be a non-negative integer',
    ],
  ])('refuses %j', (json, message) => {
    expect(() => footprintFromJson(json)).toThrow(message);
  });
});
