/**
 * Scenarios: YAML multi-document streams of Kubernetes objects, plus an optional
 * `KubeSimScenario` document with generator settings (the `scale` scenario builds
 * thousands of nodes and pods directly in memory, bypassing admission and HTTP).
 */
import fs from 'fs';
import path from 'path';
import yaml from 'js-yaml';
import type { KubeApi } from './api';
import { entryUsage, computeQuotaStatus } from './admission/quota';
import { podNodeUsage } from './scheduler';
import { Store, derived } from './store';
import type { KObject } from './util';

export interface GeneratorConfig {
  nodes: number;
  pods: number;
  /** Fraction of nodes that have GPUs (default 0.2). */
  gpuNodeFraction?: number;
  namespaces?: number;
  podsPerDeployment?: number;
  /** Fraction of pods that request a GPU (default 0.1). */
  gpuPodFraction?: number;
}

export interface Scenario {
  objects: KObject[];
  generate?: GeneratorConfig;
}

const SCENARIO_KIND = 'KubeSimScenario';

export function scenariosDir(): string {
  return path.join(
    path.dirname(require.resolve('../package.json')),
    'scenarios',
  );
}

/** Parses a scenario YAML stream. */
export function parseScenario(text: string): Scenario {
  const objects: KObject[] = [];
  let generate: GeneratorConfig | undefined;
  for (const doc of yaml.loadAll(text)) {
    if (!doc || typeof doc !== 'object') continue;
    const o = doc as KObject;
    if (o.kind === SCENARIO_KIND) {
      generate = o.spec?.generate ?? generate;
      continue;
    }
    if (o.kind === 'List' && Array.isArray(o.items)) objects.push(...o.items);
    else objects.push(o);
  }
  return { objects, generate };
}

export function loadScenarioFile(nameOrPath: string): Scenario {
  const file = /^[a-z0-9-]+$/.test(nameOrPath)
    ? path.join(scenariosDir(), `${nameOrPath}.yaml`)
    : path.resolve(nameOrPath);
  return parseScenario(fs.readFileSync(file, 'utf8'));
}

const KIND_ORDER = [
  'CustomResourceDefinition',
  'Namespace',
  'Node',
  'PriorityClass',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'LimitRange',
  'ResourceQuota',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'ConfigMap',
  'Secret',
  'Service',
  'PersistentVolumeClaim',
];

function kindRank(kind: string | undefined): number {
  const i = KIND_ORDER.indexOf(kind ?? '');
  if (i >= 0) return i;
  return kind === 'Pod' ? KIND_ORDER.length + 2 : KIND_ORDER.length + 1;
}

/** Creates scenario objects through the API (defaulting, admission, controllers). */
export function applyScenarioObjects(
  api: KubeApi,
  objects: KObject[],
  afterEach?: () => void,
): void {
  const sorted = [...objects].sort(
    (a, b) => kindRank(a.kind) - kindRank(b.kind),
  );
  for (const obj of sorted) {
    const type = api.store.registry.forObject(obj, !!obj.metadata?.namespace);
    if (!type)
      throw new Error(
        `kube-sim scenario: unknown object ${obj.apiVersion}/${obj.kind}`,
      );
    const ns = type.namespaced
      ? obj.metadata?.namespace ?? 'default'
      : undefined;
    if (ns && !api.store.get(api.store.typeOf('namespaces'), undefined, ns)) {
      api.create(
        api.store.typeOf('namespaces'),
        undefined,
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
        { internal: true },
      );
    }
    api.create(type, ns, obj, { internal: true });
    // let controllers converge object by object, so scenario order is scheduling order
    afterEach?.();
  }
}

function hex(n: number, len: number): string {
  return n.toString(16).padStart(len, '0');
}

function uid(kind: number, n: number): string {
  return `${hex(kind, 8)}-0000-4000-8000-${hex(n, 12)}`;
}

interface GpuModel {
  product: string;
  memoryMiB: number;
  count: number;
  family: string;
}

const GPU_MODELS: GpuModel[] = [
  {
    product: 'NVIDIA-A100-SXM4-80GB',
    memoryMiB: 81920,
    count: 8,
    family: 'ampere',
  },
  { product: 'NVIDIA-L4', memoryMiB: 23034, count: 4, family: 'ada-lovelace' },
];

/**
 * Generates a large cluster directly into the store: nodes, namespaces with quotas,
 * deployments/replicasets and running pods bound to nodes. Pods of one template share
 * their spec sub-objects (objects are immutable in the store) to keep memory small.
 */
export function generateScale(store: Store, cfg: GeneratorConfig): void {
  const ts = `${new Date().toISOString().slice(0, 19)}Z`;
  const nodeCount = Math.max(1, cfg.nodes);
  const podCount = Math.max(0, cfg.pods);
  const gpuNodes = Math.round(nodeCount * (cfg.gpuNodeFraction ?? 0.2));
  const nsCount = Math.max(1, cfg.namespaces ?? 100);
  const perDeploy = Math.max(1, cfg.podsPerDeployment ?? 10);
  const gpuPodFraction = cfg.gpuPodFraction ?? 0.1;

  // nodes
  const nodes: KObject[] = [];
  const cpuFree: number[] = [];
  const podsFree: number[] = [];
  const gpuFree: number[] = [];
  const conditions = [
    {
      type: 'MemoryPressure',
      status: 'False',
      reason: 'KubeletHasSufficientMemory',
      lastHeartbeatTime: ts,
      lastTransitionTime: ts,
    },
    {
      type: 'DiskPressure',
      status: 'False',
      reason: 'KubeletHasNoDiskPressure',
      lastHeartbeatTime: ts,
      lastTransitionTime: ts,
    },
    {
      type: 'PIDPressure',
      status: 'False',
      reason: 'KubeletHasSufficientPID',
      lastHeartbeatTime: ts,
      lastTransitionTime: ts,
    },
    {
      type: 'Ready',
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
      lastHeartbeatTime: ts,
      lastTransitionTime: ts,
    },
  ];
  const nodeInfo = {
    kubeletVersion: 'v1.31.0-kube-sim',
    containerRuntimeVersion: 'containerd://simulated',
    osImage: 'SIMULATED',
    kernelVersion: 'simulated',
    operatingSystem: 'linux',
    architecture: 'amd64',
  };
  for (let i = 0; i < nodeCount; i++) {
    const isGpu = i < gpuNodes;
    const model = GPU_MODELS[i % GPU_MODELS.length];
    const name = isGpu
      ? `gpu-${model.product === 'NVIDIA-L4' ? 'l4' : 'a100'}-${hex(i, 5)}`
      : `cpu-${hex(i, 5)}`;
    const capacity: Record<string, string> = {
      cpu: '64',
      memory: '256Gi',
      pods: '110',
      'ephemeral-storage': '500Gi',
    };
    const labels: Record<string, string> = {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'topology.kubernetes.io/zone': `zone-${i % 3}`,
    };
    if (isGpu) {
      capacity['nvidia.com/gpu'] = String(model.count);
      Object.assign(labels, {
        'nvidia.com/gpu.present': 'true',
        'nvidia.com/gpu.product': model.product,
        'nvidia.com/gpu.memory': String(model.memoryMiB),
        'nvidia.com/gpu.count': String(model.count),
        'nvidia.com/gpu.family': model.family,
        'nvidia.com/gpu.sharing-strategy': 'none',
      });
    }
    nodes.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, uid: uid(1, i), labels, creationTimestamp: ts },
      spec: { podCIDR: `10.${100 + (i >> 8)}.${i & 255}.0/24` },
      status: {
        capacity,
        allocatable: capacity,
        conditions,
        addresses: [
          { type: 'InternalIP', address: `10.0.${i >> 8}.${i & 255}` },
          { type: 'Hostname', address: name },
        ],
        nodeInfo,
      },
    });
    cpuFree.push(64_000);
    podsFree.push(110);
    gpuFree.push(isGpu ? model.count : 0);
  }
  store.bulkLoad(store.typeOf('nodes'), nodes);

  // namespaces with quotas
  const namespaces: KObject[] = [];
  const quotas: KObject[] = [];
  for (let n = 0; n < nsCount; n++) {
    const name = `team-${String(n).padStart(3, '0')}`;
    namespaces.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: uid(2, n),
        labels: {
          'kubernetes.io/metadata.name': name,
          'ocdp.io/tenant': name,
          'app.kubernetes.io/managed-by': 'ocdp',
        },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    quotas.push({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'ocdp-quota', namespace: name, uid: uid(3, n) },
      spec: {
        hard: {
          'requests.cpu': '4000',
          'requests.memory': '16000Gi',
          'requests.nvidia.com/gpu': '1000',
          pods: '5000',
        },
      },
    });
  }
  store.bulkLoad(store.typeOf('namespaces'), namespaces);

  // deployments -> replicasets -> pods
  const deployments: KObject[] = [];
  const replicasets: KObject[] = [];
  const pods: KObject[] = [];
  const deployCount = Math.ceil(podCount / perDeploy);
  let cpuCursor = gpuNodes < nodeCount ? gpuNodes : 0;
  let gpuCursor = 0;
  let podIndex = 0;
  const cpuContainers = [
    {
      name: 'app',
      image: 'app:1.0',
      resources: { requests: { cpu: '500m', memory: '1Gi' } },
    },
  ];
  const gpuContainers = [
    {
      name: 'model',
      image: 'vllm:0.6',
      resources: {
        requests: { cpu: '4', memory: '32Gi', 'nvidia.com/gpu': '1' },
        limits: { 'nvidia.com/gpu': '1' },
      },
    },
  ];
  for (let d = 0; d < deployCount; d++) {
    const ns = namespaces[d % nsCount].metadata!.name!;
    const isGpu =
      gpuNodes > 0 &&
      d % Math.max(1, Math.round(1 / Math.max(gpuPodFraction, 1e-9))) === 0;
    const name = `${isGpu ? 'model' : 'svc'}-${hex(d, 5)}`;
    const hash = hex((d * 2654435761) >>> 0, 8).slice(0, 8);
    const replicas = Math.min(perDeploy, podCount - d * perDeploy);
    const labels = { app: name, 'ocdp.io/tenant': ns };
    const podLabels = { ...labels, 'pod-template-hash': hash };
    const containers = isGpu ? gpuContainers : cpuContainers;
    const dUid = uid(4, d);
    const rsUid = uid(5, d);
    const template = {
      metadata: { labels: podLabels },
      spec: { containers, restartPolicy: 'Always' },
    };
    deployments.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name,
        namespace: ns,
        uid: dUid,
        labels,
        generation: 1,
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels },
          spec: { containers, restartPolicy: 'Always' },
        },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {
        observedGeneration: 1,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            lastUpdateTime: ts,
            lastTransitionTime: ts,
          },
        ],
      },
    });
    const rsName = `${name}-${hash}`;
    const owner = [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: rsName,
        uid: rsUid,
        controller: true,
      },
    ];
    replicasets.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace: ns,
        uid: rsUid,
        labels: podLabels,
        generation: 1,
        annotations: { 'deployment.kubernetes.io/revision': '1' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name,
            uid: dUid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas,
        selector: { matchLabels: { app: name, 'pod-template-hash': hash } },
        template,
      },
      status: {
        replicas,
        fullyLabeledReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
        observedGeneration: 1,
      },
    });
    for (let r = 0; r < replicas; r++) {
      // first fit over nodes with a moving cursor
      let nodeIdx = -1;
      if (isGpu) {
        for (let tries = 0; tries < gpuNodes; tries++) {
          const i = (gpuCursor + tries) % gpuNodes;
          if (gpuFree[i] >= 1 && cpuFree[i] >= 4000 && podsFree[i] >= 1) {
            nodeIdx = i;
            gpuCursor = i;
            break;
          }
        }
      } else {
        for (let tries = 0; tries < nodeCount; tries++) {
          const i = (cpuCursor + tries) % nodeCount;
          if (cpuFree[i] >= 500 && podsFree[i] >= 1) {
            nodeIdx = i;
            cpuCursor = i;
            break;
          }
        }
      }
      const podName = `${rsName}-${hex(podIndex, 5)}`;
      const nodeName =
        nodeIdx >= 0 ? nodes[nodeIdx].metadata!.name! : undefined;
      if (nodeIdx >= 0) {
        cpuFree[nodeIdx] -= isGpu ? 4000 : 500;
        podsFree[nodeIdx] -= 1;
        if (isGpu) gpuFree[nodeIdx] -= 1;
      }
      const ip = `10.${128 + ((podIndex >> 16) & 127)}.${
        (podIndex >> 8) & 255
      }.${podIndex & 255}`;
      // scale pods are deliberately lean (no conditions/containerStatuses/hostIP): ~0.6 KB of JSON each
      pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: podName,
          namespace: ns,
          uid: uid(6, podIndex),
          creationTimestamp: ts,
          labels: podLabels,
          ownerReferences: owner,
        },
        spec: nodeName ? { containers, nodeName } : { containers },
        status: nodeName
          ? { phase: 'Running', podIP: ip }
          : { phase: 'Pending' },
      });
      podIndex++;
    }
  }
  store.bulkLoad(store.typeOf('deployments', 'apps'), deployments);
  store.bulkLoad(store.typeOf('replicasets', 'apps'), replicasets);
  const podType = store.typeOf('pods');
  store.bulkLoad(podType, pods);

  // share derived usage between pods of one template (keeps memory and CPU low)
  const sharedQuota = new Map<unknown, unknown>();
  const sharedNode = new Map<unknown, unknown>();
  for (const e of store.table(podType).map.values()) {
    const key = e.obj.spec.containers;
    const phase = e.obj.status?.phase;
    const k = `${phase}`;
    let q = sharedQuota.get(key) as Map<string, unknown> | undefined;
    if (!q) {
      q = new Map();
      sharedQuota.set(key, q);
    }
    if (!q.has(k)) q.set(k, entryUsage(podType, e));
    else derived(e, 'quota-usage', () => q!.get(k));
    let n = sharedNode.get(key);
    if (!n) {
      n = podNodeUsage(e);
      sharedNode.set(key, n);
    } else {
      derived(e, 'node-usage', () => n);
    }
  }

  // quota status like the quota controller computes it
  const nsTables = store
    .allTables()
    .filter(t => t.type.namespaced && t.map.size);
  for (const qObj of quotas) {
    const ns = qObj.metadata!.namespace!;
    qObj.status = computeQuotaStatus(
      qObj,
      nsTables.map(t => ({ type: t.type, entries: t.inNamespace(ns) })),
    );
  }
  store.bulkLoad(store.typeOf('resourcequotas'), quotas);
}
