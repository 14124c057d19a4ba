import { parseQuantity } from '../quantity';
import { footprintFromManifests } from './fromManifests';
import { quotaUsage } from './quotaUsage';
import { strings } from './testUtils';

const deployment = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 4
  template:
    spec:
      nodeSelector: { nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB }
      tolerations: [{ key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }]
      runtimeClassName: nvidia
      initContainers:
        - name: download
          resources: { requests: { cpu: "6", memory: 1Gi } }
      containers:
        - name: a
          resources:
            requests: { cpu: 500m }
            limits: { cpu: "2", memory: 4Gi, nvidia.com/gpu: 2 }
        - name: b
          resources: { requests: { cpu: 250m, memory: 512Mi } }
---
# an empty document, then a Service and a PVC
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: NodePort
  ports: [{ port: 80 }, { port: 443, nodePort: 30443 }]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: cache }
spec:
  storageClassName: fast
  resources: { requests: { storage: 100Gi } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
`;

describe('footprintFromManifests', () => {
  const fp = footprintFromManifests(deployment);

  it('computes effective pod requests with init containers and defaulting', () => {
    const [w] = fp.workloads;
    // containers: cpu 500m + 250m = 750m, the init container's 6 is larger; memory 4Gi (from
    // the limit) + 512Mi = 4608Mi beats the init container's 1Gi; the GPU request defaults to
    // its limit.
    expect(strings(w.pod.requests)).toEqual({
      cpu: '6',
      memory: '4608Mi',
      'nvidia.com/gpu': '2',
    });
    expect(strings(w.pod.limits)).toEqual({
      cpu: '2',
      memory: '4Gi',
      'nvidia.com/gpu': '2',
    });
    expect(w.pod.gpuProduct).toBe('NVIDIA-A100-SXM4-80GB');
    expect(w.pod.runtimeClassName).toBe('nvidia');
    expect(w.pod.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('defaults the Deployment strategy to 25 % / 25 %', () => {
    const [w] = fp.workloads;
    expect(w).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      replicas: 4,
      strategy: {
        type: 'RollingUpdate',
        maxSurge: '25%',
        maxUnavailable: '25%',
      },
      surge: 1,
      maxUnavailable: 1,
    });
  });

  it('counts services, node ports, claims and other objects', () => {
    expect(fp.services).toEqual([
      { name: 'web', type: 'NodePort', nodePorts: 2 },
    ]);
    expect(fp.volumeClaims).toEqual([
      {
        name: 'cache',
        storage: parseQuantity('100Gi'),
        storageClassName: 'fast',
      },
    ]);
    expect(fp.objects).toEqual({
      'count/deployments.apps': 1,
      'count/ingresses.networking.k8s.io': 1,
      'count/persistentvolumeclaims': 1,
      'count/pods': 4,
      'count/replicasets.apps': 1,
      'count/services': 1,
      persistentvolumeclaims: 1,
      pods: 4,
      services: 1,
      'services.nodeports': 2,
    });
  });

  it('gives the quota usage with and without surge', () => {
    expect(strings(quotaUsage(fp))).toEqual({
      'count/deployments.apps': '1',
      'count/ingresses.networking.k8s.io': '1',
      'count/persistentvolumeclaims': '1',
      'count/pods': '5',
      'count/replicasets.apps': '1',
      'count/services': '1',
      cpu: '30',
      'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '1',
      'fast.storageclass.storage.k8s.io/requests.storage': '100Gi',
      'limits.cpu': '10',
      'limits.memory': '20Gi',
      memory: '23040Mi',
      persistentvolumeclaims: '1',
      pods: '5',
      'requests.cpu': '30',
      'requests.memory': '23040Mi',
      'requests.nvidia.com/gpu': '10',
      'requests.storage': '100Gi',
      services: '1',
      'services.nodeports': '2',
    });
    const noSurge = strings(quotaUsage(fp, 2, { surge: false }));
    expect(noSurge['requests.nvidia.com/gpu']).toBe('4');
    expect(noSurge.pods).toBe('2');
  });
});
