import fc from 'fast-check';
import { multiplyQuantity, parseQuantity } from '../quantity';
import { footprintFromManifests } from './fromManifests';
import { quotaUsage } from './quotaUsage';
import { strings } from './testUtils';

const statefulSet = `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  replicas: 3
  template:
    spec:
      containers:
        - resources: { requests: { cpu: "1", memory: 2Gi, hugepages-2Mi: 128Mi } }
  volumeClaimTemplates:
    - metadata: { name: data }
      spec:
        storageClassName: ssd
        resources: { requests: { storage: 10Gi } }
`;

const jobAndPod = `
apiVersion: batch/v1
kind: Job
metadata: { name: warmup }
spec:
  parallelism: 4
  completions: 2
  template:
    spec:
      containers: [{ resources: { limits: { nvidia.com/gpu: 1 } } }]
---
apiVersion: v1
kind: Pod
metadata: { name: debug }
spec:
  overhead: { cpu: 100m }
  containers: [{ resources: { requests: { cpu: 100m } } }]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: old }
spec:
  template:
    spec:
      containers: [{}]
`;

describe('footprintFromManifests for other kinds', () => {
  it('counts a StatefulSet claim per replica and never surges it', () => {
    const fp = footprintFromManifests(statefulSet);
    expect(fp.workloads[0]).toMatchObject({
      kind: 'StatefulSet',
      replicas: 3,
      strategy: { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 },
      surge: 0,
      volumeClaimTemplates: [
        {
          name: 'data',
          storage: parseQuantity('10Gi'),
          storageClassName: 'ssd',
        },
      ],
    });
    expect(strings(quotaUsage(fp))).toEqual({
      'count/persistentvolumeclaims': '3',
      'count/pods': '3',
      'count/statefulsets.apps': '1',
      cpu: '3',
      'hugepages-2Mi': '384Mi',
      memory: '6Gi',
      persistentvolumeclaims: '3',
      pods: '3',
      'requests.cpu': '3',
      'requests.hugepages-2Mi': '384Mi',
      'requests.memory': '6Gi',
      'requests.storage': '30Gi',
      'ssd.storageclass.storage.k8s.io/persistentvolumeclaims': '3',
      'ssd.storageclass.storage.k8s.io/requests.storage': '30Gi',
    });
    expect(strings(quotaUsage(fp, { db: 1 }))['requests.storage']).toBe('10Gi');
  });

  it('runs min(parallelism, completions) Job pods, one Pod and a ReplicaSet', () => {
    const fp = footprintFromManifests(jobAndPod);
    expect(fp.workloads.map(w => [w.kind, w.name, w.replicas])).toEqual([
      ['Job', 'warmup', 2],
      ['Pod', 'debug', 1],
      ['ReplicaSet', 'old', 1],
    ]);
    expect(strings(fp.workloads[1].pod.requests)).toEqual({ cpu: '200m' });
    expect(fp.objects).toEqual({
      'count/jobs.batch': 1,
      'count/pods': 4,
      'count/replicasets.apps': 1,
      pods: 4,
    });
    // A Pod is one pod whatever the override; the Job follows it.
    expect(strings(quotaUsage(fp, 5))).toMatchObject({
      pods: '11',
      'requests.nvidia.com/gpu': '5',
    });
  });

  it('reads a kind: List and a parsed array alike', () => {
    const list = `
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: lb }
    spec:
      type: LoadBalancer
      allocateLoadBalancerNodePorts: false
      ports: [{ port: 80, nodePort: 30080 }, { port: 443 }]
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: c }
`;
    const fromText = footprintFromManifests(list);
    expect(fromText.services).toEqual([
      { name: 'lb', type: 'LoadBalancer', nodePorts: 1 },
    ]);
    expect(fromText.objects).toEqual({
      configmaps: 1,
      'count/configmaps': 1,
      'count/services': 1,
      services: 1,
      'services.loadbalancers': 1,
      'services.nodeports': 1,
    });
    expect(
      footprintFromManifests([
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'lb' },
          spec: { type: 'ClusterIP' },
        },
        null,
      ]).services,
    ).toEqual([{ name: 'lb', type: 'ClusterIP', nodePorts: 0 }]);
  });

  it.each([
    [
      'kind: Deployment\nspec: { replicas: -1 }',
      'manifests[0].spec.replicas: must be a non-negative integer',
    ],
    [
      'kind: Deployment\nspec: { template: { spec: { containers: [{ resources: { limits: { cpu: x } } }] } } }',
      'manifests[0].spec.template.spec.containers[0].resources.limits.cpu: "x" is not a valid Kubernetes quantity',
    ],
    [
      'kind: PersistentVolumeClaim\nspec: {}',
      'manifests[0].spec.resources.requests.storage: is required',
    ],
    [
      'kind: Service\nspec: { type: Magic }',
      'manifests[0].spec.type: must be one of ClusterIP, NodePort, LoadBalancer, ExternalName',
    ],
    [
      '---\nkind: Secret\n---\nkind: Pod\nspec: 3',
      'manifests[1].spec: must be a map',
    ],
  ])('names the document and field: %s', (text, message) => {
    expect(() => footprintFromManifests(text)).toThrow(message);
  });
});

describe('quotaUsage', () => {
  it('refuses a negative or fractional replica count', () => {
    const fp = footprintFromManifests(statefulSet);
    expect(() => quotaUsage(fp, -1)).toThrow(
      'replicas must be a non-negative integer',
    );
    expect(() => quotaUsage(fp, 1.5)).toThrow(
      'replicas must be a non-negative integer',
    );
  });

  it('recomputes the surge for the replicas asked', () => {
    const fp = footprintFromManifests(`
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  template: { spec: { containers: [{ resources: { requests: { nvidia.com/gpu: 1 } } }] } }
`);
    // 25 % of 8 is 2 surge pods.
    expect(strings(quotaUsage(fp, 8))['requests.nvidia.com/gpu']).toBe('10');
    expect(
      strings(quotaUsage(fp, 8, { surge: false }))['requests.nvidia.com/gpu'],
    ).toBe('8');
    expect(strings(quotaUsage(fp, 0, { surge: false }))).toEqual({
      'count/deployments.apps': '1',
      'count/replicasets.apps': '1',
    });
  });

  it('scales compute and GPUs linearly with replicas, without surge (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.nat(64),
        fc.nat(1000),
        (milliCpu, gpus, replicas) => {
          const fp = footprintFromManifests(`
kind: Deployment
metadata: { name: w }
spec:
  template:
    spec:
      containers:
        - resources: { limits: { cpu: ${milliCpu}m, nvidia.com/gpu: ${gpus} } }
`);
          const usage = quotaUsage(fp, replicas, { surge: false });
          const cpu = multiplyQuantity(parseQuantity(`${milliCpu}m`), replicas);
          expect(usage['requests.cpu']?.nanos ?? 0n).toBe(cpu.nanos);
          expect(usage['limits.cpu']?.nanos ?? 0n).toBe(cpu.nanos);
          expect(usage['requests.nvidia.com/gpu']?.nanos ?? 0n).toBe(
            BigInt(gpus * replicas) * 1_000_000_000n,
          );
          expect(usage.pods?.nanos ?? 0n).toBe(
            BigInt(replicas) * 1_000_000_000n,
          );
        },
      ),
    );
  });
});
