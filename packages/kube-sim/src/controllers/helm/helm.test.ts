import zlib from 'zlib';
import { PatchStrategy } from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from '../../sim';
import {
  clientsFor,
  cpuNode,
  gpuNode,
  mergePatch,
} from '../../__testutils__/clients';

const HR = {
  group: 'helm.toolkit.fluxcd.io',
  version: 'v2',
  plural: 'helmreleases',
};

function helmRelease(
  name: string,
  chart: string,
  values: Record<string, any>,
  extra: Record<string, any> = {},
) {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name },
    spec: {
      interval: '5m',
      chart: {
        spec: {
          chart,
          version: '0.1.0',
          sourceRef: {
            kind: 'HelmRepository',
            name: 'ocdp',
            namespace: 'flux-system',
          },
        },
      },
      values,
      ...extra,
    },
  };
}

const modelValues = (extra: Record<string, any> = {}) => ({
  replicaCount: 1,
  model: {
    id: 'meta-llama/Llama-3.1-8B-Instruct',
    servedName: 'llama',
    maxModelLen: 8192,
  },
  gpu: { count: 2, product: 'NVIDIA-A100-SXM4-80GB', memoryMiB: 40960 },
  resources: {
    requests: { cpu: '4', memory: '32Gi' },
    limits: { cpu: '8', memory: '64Gi' },
  },
  exposure: { type: 'nodeport', nodePort: 30080 },
  cache: { size: '20Gi', storageClass: 'standard' },
  podLabels: { 'backstage.io/kubernetes-id': 'llama' },
  ...extra,
});

describe('simulated Flux helm-controller', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  const readHr = async (ns: string, name: string) =>
    (await c.custom.getNamespacedCustomObject({
      ...HR,
      namespace: ns,
      name,
    })) as any;
  const cond = (hr: any, type: string) =>
    hr.status?.conditions?.find((x: any) => x.type === type);
  const createHr = async (ns: string, body: any) => {
    await c.custom.createNamespacedCustomObject({ ...HR, namespace: ns, body });
    await sim.settle();
  };
  const patchValues = async (ns: string, name: string, values: any) => {
    await c.custom.patchNamespacedCustomObject(
      { ...HR, namespace: ns, name, body: { spec: { values } } },
      mergePatch,
    );
    await sim.settle();
  };

  beforeAll(async () => {
    sim = await startKubeSim();
    c = clientsFor(sim);
    await c.core.createNode({ body: cpuNode('cpu-1', '32', '128Gi') as any });
    for (const n of ['a100-1', 'a100-2']) {
      const node: any = gpuNode(n, 'NVIDIA-A100-SXM4-80GB', 4, 81920);
      node.status.capacity['nvidia.com/gpumem'] = '327680';
      await c.core.createNode({ body: node });
    }
    for (const ns of ['ml', 'quota', 'stack', 'misc', 'labelled']) {
      await c.core.createNamespace({ body: { metadata: { name: ns } } });
    }
  });
  afterAll(() => sim.close());

  it('installs the model-server chart into a Deployment, Service and PVC owned and labelled like Helm does', async () => {
    await createHr('ml', helmRelease('llama', 'model-server', modelValues()));
    const d = await c.apps.readNamespacedDeployment({
      name: 'llama',
      namespace: 'ml',
    });
    expect(d.metadata?.labels).toMatchObject({
      'app.kubernetes.io/instance': 'llama',
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/name': 'model-server',
      'helm.sh/chart': 'model-server-0.1.0',
      'helm.toolkit.fluxcd.io/name': 'llama',
      'helm.toolkit.fluxcd.io/namespace': 'ml',
      'app.kubernetes.io/version': 'v0.6.4',
    });
    // the chart labels pods with its selector labels and podLabels only
    expect(d.spec?.template.metadata?.labels).toEqual({
      'app.kubernetes.io/name': 'model-server',
      'app.kubernetes.io/instance': 'llama',
      'backstage.io/kubernetes-id': 'llama',
    });
    expect(d.metadata?.annotations).toMatchObject({
      'meta.helm.sh/release-name': 'llama',
      'meta.helm.sh/release-namespace': 'ml',
    });
    expect(d.metadata?.ownerReferences?.[0]).toMatchObject({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      name: 'llama',
    });
    const pod = d.spec?.template.spec;
    expect(pod?.nodeSelector).toEqual({
      'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB',
    });
    expect(pod?.containers[0].resources).toEqual({
      requests: {
        cpu: '4',
        memory: '32Gi',
        'nvidia.com/gpu': '2',
        'nvidia.com/gpumem': '40960',
      },
      limits: {
        cpu: '8',
        memory: '64Gi',
        'nvidia.com/gpu': '2',
        'nvidia.com/gpumem': '40960',
      },
    });
    expect(pod?.containers[0].args).toEqual([
      '--model',
      'meta-llama/Llama-3.1-8B-Instruct',
      '--served-model-name',
      'llama',
      '--dtype',
      'auto',
      '--max-model-len',
      '8192',
      '--gpu-memory-utilization',
      '0.9',
      '--tensor-parallel-size',
      '2',
      '--host',
      '0.0.0.0',
      '--port',
      '8000',
    ]);
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(d.spec?.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
    });
    expect(pod?.volumes).toEqual([
      { name: 'cache', persistentVolumeClaim: { claimName: 'llama-cache' } },
      { name: 'shm', emptyDir: { medium: 'Memory' } },
    ]);
    const pods = await c.core.listNamespacedPod({
      namespace: 'ml',
      labelSelector: 'backstage.io/kubernetes-id=llama',
    });
    expect(pods.items.map(p => p.status?.phase)).toEqual(['Running']);
    expect(pods.items[0].spec?.nodeName).toMatch(/^a100-/);
    const svc = await c.core.readNamespacedService({
      name: 'llama',
      namespace: 'ml',
    });
    expect(svc.spec?.type).toBe('NodePort');
    expect(svc.spec?.ports?.[0]).toMatchObject({ port: 8000, nodePort: 30080 });
    const pvc = await c.core.readNamespacedPersistentVolumeClaim({
      name: 'llama-cache',
      namespace: 'ml',
    });
    expect(pvc.spec).toMatchObject({
      storageClassName: 'standard',
      resources: { requests: { storage: '20Gi' } },
    });

    const hr = await readHr('ml', 'llama');
    expect(cond(hr, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'InstallSucceeded',
      message:
        'Helm install succeeded for release ml/llama.v1 with chart model-server@0.1.0',
      observedGeneration: 1,
    });
    expect(cond(hr, 'Released')).toMatchObject({
      status: 'True',
      reason: 'InstallSucceeded',
    });
    expect(cond(hr, 'Ready').lastTransitionTime).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(hr.status).toMatchObject({
      observedGeneration: 1,
      lastAttemptedGeneration: 1,
      lastAttemptedRevision: '0.1.0',
      lastAttemptedReleaseAction: 'install',
      lastAttemptedConfigDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      storageNamespace: 'ml',
      helmChart: 'flux-system/ml-llama',
    });
    expect(hr.status.history).toHaveLength(1);
    expect(hr.status.history[0]).toMatchObject({
      name: 'llama',
      namespace: 'ml',
      version: 1,
      status: 'deployed',
      chartName: 'model-server',
      chartVersion: '0.1.0',
      configDigest: hr.status.lastAttemptedConfigDigest,
    });
    expect(hr.status.inventory.entries.map((e: any) => e.id).sort()).toEqual([
      'ml_llama-cache__PersistentVolumeClaim',
      'ml_llama__Service',
      'ml_llama_apps_Deployment',
    ]);
    // Helm's storage Secret holds the release (base64 of gzipped JSON) with the manifest
    const secret = await c.core.readNamespacedSecret({
      name: 'sh.helm.release.v1.llama.v1',
      namespace: 'ml',
    });
    expect(secret.type).toBe('helm.sh/release.v1');
    expect(secret.metadata?.labels).toMatchObject({
      name: 'llama',
      owner: 'helm',
      status: 'deployed',
      version: '1',
    });
    const rel = JSON.parse(
      zlib
        .gunzipSync(
          Buffer.from(
            Buffer.from(secret.data!.release, 'base64').toString('utf8'),
            'base64',
          ),
        )
        .toString('utf8'),
    );
    expect(rel.manifest).toContain('kind: Deployment');
    expect(rel.config.gpu.count).toBe(2);
  });

  it("puts model-server `labels` on every object and the pods, under Helm's own labels", async () => {
    await createHr(
      'labelled',
      helmRelease('tagged', 'model-server', {
        model: { id: 'Qwen/Qwen2.5-0.5B-Instruct' },
        gpu: { count: 0 },
        resources: { requests: { cpu: '100m', memory: '128Mi' } },
        exposure: { type: 'ingress', host: 'tagged.example.com' },
        cache: { size: '1Gi' },
        labels: {
          'backstage.io/kubernetes-id': 'tagged',
          'app.kubernetes.io/managed-by': 'someone-else',
          'app.kubernetes.io/instance': 'other',
          team: 'from-labels',
        },
        podLabels: { team: 'from-podLabels' },
      }),
    );
    const objectLabels = {
      'backstage.io/kubernetes-id': 'tagged',
      team: 'from-labels',
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/instance': 'tagged',
      'helm.sh/chart': 'model-server-0.1.0',
    };
    const read = { name: 'tagged', namespace: 'labelled' };
    const d = await c.apps.readNamespacedDeployment(read);
    expect(d.metadata?.labels).toMatchObject(objectLabels);
    expect(
      (await c.core.readNamespacedService(read)).metadata?.labels,
    ).toMatchObject(objectLabels);
    expect(
      (
        await c.core.readNamespacedPersistentVolumeClaim({
          ...read,
          name: 'tagged-cache',
        })
      ).metadata?.labels,
    ).toMatchObject(objectLabels);
    expect(
      (
        await c.objects.read({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: read,
        })
      ).metadata?.labels,
    ).toMatchObject(objectLabels);
    // pods: the selector's labels, then podLabels, then labels
    expect(d.spec?.template.metadata?.labels).toEqual({
      'app.kubernetes.io/name': 'model-server',
      'app.kubernetes.io/instance': 'tagged',
      'backstage.io/kubernetes-id': 'tagged',
      'app.kubernetes.io/managed-by': 'someone-else',
      team: 'from-podLabels',
    });
    const byKubernetesId = 'backstage.io/kubernetes-id=tagged';
    const found = await Promise.all([
      c.apps.listNamespacedDeployment({
        namespace: 'labelled',
        labelSelector: byKubernetesId,
      }),
      c.core.listNamespacedPod({
        namespace: 'labelled',
        labelSelector: byKubernetesId,
      }),
    ]);
    expect(found.map(list => list.items.length)).toEqual([1, 1]);
    expect(cond(await readHr('labelled', 'tagged'), 'Ready')).toMatchObject({
      status: 'True',
    });
  });

  it('upgrades on a spec change: the Deployment rolls, the Service keeps its clusterIP, dropped objects go', async () => {
    const before = await c.apps.listNamespacedReplicaSet({ namespace: 'ml' });
    expect(before.items).toHaveLength(1);
    const svcBefore = await c.core.readNamespacedService({
      name: 'llama',
      namespace: 'ml',
    });
    expect(svcBefore.spec?.clusterIP).toMatch(/^10\.96\./);
    await patchValues('ml', 'llama', {
      model: { maxModelLen: 4096 },
      exposure: {
        type: 'ingress',
        host: 'llama.ml.example.test',
        nodePort: null,
      },
      cache: { size: '' },
    });
    const hr = await readHr('ml', 'llama');
    expect(cond(hr, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'UpgradeSucceeded',
      message:
        'Helm upgrade succeeded for release ml/llama.v2 with chart model-server@0.1.0',
      observedGeneration: 2,
    });
    expect(hr.status.history.map((h: any) => [h.version, h.status])).toEqual([
      [2, 'deployed'],
      [1, 'superseded'],
    ]);
    const d = await c.apps.readNamespacedDeployment({
      name: 'llama',
      namespace: 'ml',
    });
    expect(d.metadata?.generation).toBe(2);
    expect(d.spec?.template.spec?.containers[0].args).toContain('4096');
    expect(d.spec?.template.spec?.volumes?.[0]).toEqual({
      name: 'cache',
      emptyDir: {},
    });
    const rs = await c.apps.listNamespacedReplicaSet({ namespace: 'ml' });
    expect(rs.items).toHaveLength(2);
    const pods = await c.core.listNamespacedPod({ namespace: 'ml' });
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0].spec?.containers[0].args).toContain('4096');
    const svc = await c.core.readNamespacedService({
      name: 'llama',
      namespace: 'ml',
    });
    expect(svc.spec?.type).toBe('ClusterIP');
    expect(svc.spec?.clusterIP).toBe(svcBefore.spec?.clusterIP);
    expect(svc.spec?.ports?.[0].nodePort).toBeUndefined();
    const ing = await fetch(
      `${sim.url}/apis/networking.k8s.io/v1/namespaces/ml/ingresses/llama`,
    );
    expect(ing.status).toBe(200);
    expect((await ing.json()).spec.rules[0].host).toBe('llama.ml.example.test');
    const pvcs = await c.core.listNamespacedPersistentVolumeClaim({
      namespace: 'ml',
    });
    expect(pvcs.items).toHaveLength(0);
    const secrets = await c.core.listNamespacedSecret({
      namespace: 'ml',
      labelSelector: 'owner=helm,name=llama',
    });
    expect(
      secrets.items
        .map(s => [s.metadata?.name, s.metadata?.labels?.status])
        .sort(),
    ).toEqual([
      ['sh.helm.release.v1.llama.v1', 'superseded'],
      ['sh.helm.release.v1.llama.v2', 'deployed'],
    ]);
  });

  it('fails the release with the quota message when admission refuses its pods, and recovers when quota allows', async () => {
    await c.core.createNamespacedResourceQuota({
      namespace: 'quota',
      body: {
        metadata: { name: 'gpu-quota' },
        spec: { hard: { 'requests.nvidia.com/gpu': '1' } },
      },
    });
    await createHr(
      'quota',
      helmRelease(
        'big',
        'model-server',
        modelValues({ cache: {}, exposure: {} }),
      ),
    );
    let hr = await readHr('quota', 'big');
    expect(cond(hr, 'Ready').status).toBe('False');
    expect(cond(hr, 'Ready').reason).toBe('InstallFailed');
    expect(cond(hr, 'Ready').message).toMatch(
      /^Helm install failed for release quota\/big with chart model-server@0\.1\.0: Deployment\/quota\/big FailedCreate: pods "big-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: gpu-quota, requested: requests\.nvidia\.com\/gpu=2, used: requests\.nvidia\.com\/gpu=0, limited: requests\.nvidia\.com\/gpu=1$/,
    );
    expect(cond(hr, 'Released')).toMatchObject({
      status: 'False',
      reason: 'InstallFailed',
    });
    expect(hr.status.history[0].status).toBe('failed');
    expect(hr.status.installFailures).toBe(1);
    const events = await c.core.listNamespacedEvent({
      namespace: 'quota',
      fieldSelector: 'involvedObject.kind=HelmRelease,reason=InstallFailed',
    });
    expect(events.items).toHaveLength(1);
    expect(events.items[0].type).toBe('Warning');

    await c.core.patchNamespacedResourceQuota(
      {
        name: 'gpu-quota',
        namespace: 'quota',
        body: { spec: { hard: { 'requests.nvidia.com/gpu': '4' } } },
      },
      mergePatch,
    );
    await sim.settle();
    hr = await readHr('quota', 'big');
    expect(cond(hr, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'InstallSucceeded',
    });
    expect(hr.status.history[0].status).toBe('deployed');
  });

  it('fails an upgrade whose surge pod exceeds the quota, keeping the old pod, and passes with Recreate', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'surge' } } });
    await c.core.createNamespacedResourceQuota({
      namespace: 'surge',
      body: {
        metadata: { name: 'gpus' },
        spec: { hard: { 'requests.nvidia.com/gpu': '2' } },
      },
    });
    await createHr(
      'surge',
      helmRelease(
        'm',
        'model-server',
        modelValues({
          cache: { size: '' },
          exposure: {},
          // a surge pod instead of the chart's default (no surge)
          strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        }),
      ),
    );
    expect(cond(await readHr('surge', 'm'), 'Ready').status).toBe('True');
    await patchValues('surge', 'm', { model: { maxModelLen: 2048 } });
    let hr = await readHr('surge', 'm');
    expect(cond(hr, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'UpgradeFailed',
    });
    expect(cond(hr, 'Ready').message).toMatch(
      /^Helm upgrade failed for release surge\/m with chart model-server@0\.1\.0: Deployment\/surge\/m FailedCreate: pods "m-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: gpus, requested: requests\.nvidia\.com\/gpu=2, used: requests\.nvidia\.com\/gpu=2, limited: requests\.nvidia\.com\/gpu=2$/,
    );
    expect(hr.status.history.map((h: any) => [h.version, h.status])).toEqual([
      [2, 'failed'],
      [1, 'deployed'],
    ]);
    expect(hr.status.upgradeFailures).toBe(1);
    let pods = await c.core.listNamespacedPod({ namespace: 'surge' });
    expect(pods.items.map(p => p.status?.phase)).toEqual(['Running']);
    expect(pods.items[0].spec?.containers[0].args).toContain('8192');
    // Recreate: the old pod goes first, so the new one fits
    await patchValues('surge', 'm', {
      strategy: { type: 'Recreate' },
    });
    hr = await readHr('surge', 'm');
    expect(cond(hr, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'UpgradeSucceeded',
      message:
        'Helm upgrade succeeded for release surge/m.v3 with chart model-server@0.1.0',
    });
    pods = await c.core.listNamespacedPod({ namespace: 'surge' });
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0].spec?.containers[0].args).toContain('2048');
  });

  it('waits (Ready=Unknown) while pods are unschedulable', async () => {
    await createHr(
      'misc',
      helmRelease(
        'h100',
        'model-server',
        modelValues({
          gpu: { count: 1, product: 'NVIDIA-H100-80GB-HBM3' },
          cache: {},
          exposure: {},
        }),
        { timeout: '10m' },
      ),
    );
    const hr = await readHr('misc', 'h100');
    expect(cond(hr, 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'Progressing',
      message: "Running 'install' action with timeout of 10m0s",
    });
    expect(cond(hr, 'Reconciling')).toMatchObject({ status: 'True' });
    expect(hr.status.history[0].status).toBe('pending-install');
    const pods = await c.core.listNamespacedPod({
      namespace: 'misc',
      labelSelector: 'app.kubernetes.io/instance=h100',
    });
    expect(pods.items.map(p => p.status?.phase)).toEqual(['Pending']);
  });

  it('renders vllm-stack: one Deployment (+PVC) per modelSpec, plus the router', async () => {
    await createHr(
      'stack',
      helmRelease('vllm', 'vllm-stack', {
        servingEngineSpec: {
          labels: { 'backstage.io/kubernetes-id': 'vllm-stack' },
          runtimeClassName: '',
          modelSpec: [
            {
              name: 'llama3',
              repository: 'vllm/vllm-openai',
              tag: 'v0.6.3',
              modelURL: 'meta-llama/Llama-3.1-8B-Instruct',
              replicaCount: 2,
              requestCPU: 4,
              requestMemory: '16Gi',
              requestGPU: 1,
              pvcStorage: '50Gi',
              storageClass: 'standard',
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    {
                      key: 'nvidia.com/gpu.product',
                      operator: 'In',
                      values: ['NVIDIA-A100-SXM4-80GB'],
                    },
                  ],
                },
              ],
            },
            {
              name: 'embed',
              repository: 'vllm/vllm-openai',
              tag: 'v0.6.3',
              replicaCount: 1,
              requestCPU: 2,
              requestMemory: '8Gi',
              requestGPU: 0,
            },
          ],
        },
      }),
    );
    const deployments = await c.apps.listNamespacedDeployment({
      namespace: 'stack',
    });
    expect(deployments.items.map(d => d.metadata?.name).sort()).toEqual([
      'vllm-deployment-router',
      'vllm-embed-deployment-vllm',
      'vllm-llama3-deployment-vllm',
    ]);
    const llama = deployments.items.find(
      d => d.metadata?.name === 'vllm-llama3-deployment-vllm',
    )!;
    expect(llama.spec?.replicas).toBe(2);
    expect(llama.spec?.strategy?.rollingUpdate).toEqual({
      maxSurge: '100%',
      maxUnavailable: 0,
    });
    expect(llama.metadata?.labels).toMatchObject({
      model: 'llama3',
      'helm-release-name': 'vllm',
      'app.kubernetes.io/managed-by': 'helm',
      'backstage.io/kubernetes-id': 'vllm-stack',
    });
    expect(llama.spec?.template.spec?.containers[0].resources).toEqual({
      requests: { memory: '16Gi', cpu: '4', 'nvidia.com/gpu': '1' },
      limits: { 'nvidia.com/gpu': '1' },
    });
    expect(
      llama.spec?.template.spec?.affinity?.nodeAffinity
        ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
    ).toHaveLength(1);
    const pvcs = await c.core.listNamespacedPersistentVolumeClaim({
      namespace: 'stack',
    });
    expect(pvcs.items.map(p => p.metadata?.name)).toEqual([
      'vllm-llama3-storage-claim',
    ]);
    const services = await c.core.listNamespacedService({ namespace: 'stack' });
    expect(services.items.map(s => s.metadata?.name).sort()).toEqual([
      'vllm-embed-engine-service',
      'vllm-llama3-engine-service',
      'vllm-router-service',
    ]);
    const pods = await c.core.listNamespacedPod({
      namespace: 'stack',
      labelSelector: 'backstage.io/kubernetes-id=vllm-stack',
    });
    expect(pods.items).toHaveLength(3);
    const hr = await readHr('stack', 'vllm');
    expect(cond(hr, 'Ready')).toMatchObject({
      status: 'True',
      message:
        'Helm install succeeded for release stack/vllm.v1 with chart vllm-stack@0.1.0',
    });
  });

  it('reports template errors of vllm-stack (required values) as a failed install', async () => {
    await createHr(
      'stack',
      helmRelease('broken', 'vllm-stack', {
        servingEngineSpec: {
          modelSpec: [{ name: 'm', repository: 'x', tag: 'y' }],
        },
        routerSpec: { enableRouter: false },
      }),
    );
    const hr = await readHr('stack', 'broken');
    expect(cond(hr, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'InstallFailed',
      message:
        "Helm install failed for release stack/broken with chart vllm-stack@0.1.0: execution error at (vllm-stack/templates/deployment-vllm-multi.yaml): Value 'modelSpec.requestMemory' must be defined !",
    });
  });

  it('refuses model-server values its schema does not allow, like Helm', async () => {
    await createHr(
      'misc',
      helmRelease('typo', 'model-server', {
        podLabel: { team: 'x' },
        gpu: { count: 1, model: 'A100' },
      }),
    );
    const hr = await readHr('misc', 'typo');
    expect(cond(hr, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'InstallFailed',
      message:
        "Helm install failed for release misc/typo with chart model-server@0.1.0: values don't meet the specifications of the schema(s) in the following chart(s):\nmodel-server:\n- (root): Additional property podLabel is not allowed\n- gpu: Additional property model is not allowed",
    });
    expect(hr.status.history ?? []).toHaveLength(0);
  });

  it('renders the generic chart (replicaCount, resources, service.type)', async () => {
    await createHr(
      'misc',
      helmRelease('web', 'generic', {
        replicaCount: 3,
        resources: { requests: { cpu: '250m', memory: '256Mi' } },
        service: { type: 'LoadBalancer', port: 8080 },
        podLabels: { 'backstage.io/kubernetes-id': 'web' },
      }),
    );
    const d = await c.apps.readNamespacedDeployment({
      name: 'web',
      namespace: 'misc',
    });
    expect(d.spec?.replicas).toBe(3);
    expect(d.status?.readyReplicas).toBe(3);
    expect(d.spec?.template.spec?.containers[0].resources?.requests).toEqual({
      cpu: '250m',
      memory: '256Mi',
    });
    const svc = await c.core.readNamespacedService({
      name: 'web',
      namespace: 'misc',
    });
    expect(svc.spec?.type).toBe('LoadBalancer');
    expect(svc.spec?.ports?.[0].port).toBe(8080);
    expect(cond(await readHr('misc', 'web'), 'Ready').status).toBe('True');
  });

  it('installs and upgrades a HelmRelease applied server-side, with values from a ConfigMap', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'ssa' } } });
    await c.core.createNamespacedConfigMap({
      namespace: 'ssa',
      body: {
        metadata: { name: 'app-values' },
        data: { 'values.yaml': 'replicaCount: 2\nservice:\n  port: 9090\n' },
      },
    });
    const apply = async (values: any) => {
      await c.objects.patch(
        {
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          metadata: { name: 'app', namespace: 'ssa' },
          spec: {
            chart: { spec: { chart: 'generic', version: '0.1.0' } },
            valuesFrom: [{ kind: 'ConfigMap', name: 'app-values' }],
            values,
          },
        } as any,
        undefined,
        undefined,
        'ocdp',
        true,
        PatchStrategy.ServerSideApply,
      );
      await sim.settle();
    };
    await apply({ podLabels: { 'backstage.io/kubernetes-id': 'app' } });
    let d = await c.apps.readNamespacedDeployment({
      name: 'app',
      namespace: 'ssa',
    });
    expect(d.spec?.replicas).toBe(2);
    expect(
      (await c.core.readNamespacedService({ name: 'app', namespace: 'ssa' }))
        .spec?.ports?.[0].port,
    ).toBe(9090);
    const rv = d.metadata?.resourceVersion;
    // the same configuration again: no new revision, no write
    await apply({ podLabels: { 'backstage.io/kubernetes-id': 'app' } });
    let hr = await readHr('ssa', 'app');
    expect(hr.status.history).toHaveLength(1);
    d = await c.apps.readNamespacedDeployment({
      name: 'app',
      namespace: 'ssa',
    });
    expect(d.metadata?.resourceVersion).toBe(rv);
    // spec.values win over valuesFrom
    await apply({
      replicaCount: 3,
      podLabels: { 'backstage.io/kubernetes-id': 'app' },
    });
    hr = await readHr('ssa', 'app');
    expect(hr.status.history.map((h: any) => h.version)).toEqual([2, 1]);
    expect(cond(hr, 'Ready').reason).toBe('UpgradeSucceeded');
    const pods = await c.core.listNamespacedPod({
      namespace: 'ssa',
      labelSelector: 'backstage.io/kubernetes-id=app',
    });
    expect(pods.items).toHaveLength(3);
  });

  it('says an unknown chart is not simulated', async () => {
    await createHr('misc', helmRelease('pg', 'postgresql', {}));
    const hr = await readHr('misc', 'pg');
    expect(cond(hr, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ArtifactFailed',
    });
    expect(cond(hr, 'Ready').message).toContain(
      'chart "postgresql" is not simulated by kube-sim',
    );
    expect(hr.status.observedGeneration).toBe(1);
  });

  it('refuses to adopt an object Helm does not own', async () => {
    await c.core.createNamespacedService({
      namespace: 'misc',
      body: { metadata: { name: 'taken' }, spec: { ports: [{ port: 80 }] } },
    });
    await createHr('misc', helmRelease('taken', 'generic', {}));
    const hr = await readHr('misc', 'taken');
    expect(cond(hr, 'Ready').message).toBe(
      'Helm install failed for release misc/taken with chart generic@0.1.0: rendered manifests contain a resource that already exists. Unable to continue with install: Service "taken" in namespace "misc" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "taken"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "misc"',
    );
    expect(
      (
        await c.apps.listNamespacedDeployment({
          namespace: 'misc',
          labelSelector: 'app.kubernetes.io/instance=taken',
        })
      ).items,
    ).toHaveLength(0);
  });

  it('accepts spec.chartRef (OCIRepository) and targetNamespace, and uninstalls on delete', async () => {
    await c.custom.createNamespacedCustomObject({
      group: 'source.toolkit.fluxcd.io',
      version: 'v1beta2',
      plural: 'ocirepositories',
      namespace: 'misc',
      body: {
        apiVersion: 'source.toolkit.fluxcd.io/v1beta2',
        kind: 'OCIRepository',
        metadata: { name: 'charts' },
        spec: {
          url: 'oci://registry.example.test/charts/generic',
          ref: { tag: '1.2.3' },
        },
      },
    });
    await createHr('misc', {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'app' },
      spec: {
        chartRef: { kind: 'OCIRepository', name: 'charts' },
        targetNamespace: 'ml',
        values: { replicaCount: 2 },
      },
    });
    const hr = await readHr('misc', 'app');
    expect(cond(hr, 'Ready')).toMatchObject({
      status: 'True',
      message:
        'Helm install succeeded for release ml/ml-app.v1 with chart generic@1.2.3',
    });
    const d = await c.apps.readNamespacedDeployment({
      name: 'ml-app',
      namespace: 'ml',
    });
    expect(d.metadata?.labels?.['helm.sh/chart']).toBe('generic-1.2.3');
    expect(d.metadata?.ownerReferences).toBeUndefined();
    expect(hr.metadata.finalizers).toEqual(['finalizers.fluxcd.io']);

    await c.custom.deleteNamespacedCustomObject({
      ...HR,
      namespace: 'misc',
      name: 'app',
    });
    await c.custom.deleteNamespacedCustomObject({
      ...HR,
      namespace: 'ml',
      name: 'llama',
    });
    await sim.settle();
    expect(
      (await c.apps.listNamespacedDeployment({ namespace: 'ml' })).items,
    ).toHaveLength(0);
    expect(
      (await c.core.listNamespacedPod({ namespace: 'ml' })).items,
    ).toHaveLength(0);
    expect(
      (await c.core.listNamespacedService({ namespace: 'ml' })).items,
    ).toHaveLength(0);
    expect(
      (
        await c.core.listNamespacedSecret({
          namespace: 'ml',
          labelSelector: 'owner=helm',
        })
      ).items,
    ).toHaveLength(0);
    expect(
      (
        await c.core.listNamespacedSecret({
          namespace: 'misc',
          labelSelector: 'name=app',
        })
      ).items,
    ).toHaveLength(0);
    const gone = await fetch(
      `${sim.url}/apis/helm.toolkit.fluxcd.io/v2/namespaces/misc/helmreleases/app`,
    );
    expect(gone.status).toBe(404);
    const uninstalled = await c.core.listNamespacedEvent({
      namespace: 'misc',
      fieldSelector: 'reason=UninstallSucceeded',
    });
    expect(uninstalled.items.map(e => e.message)).toEqual([
      'Helm uninstall succeeded for release ml/ml-app.v1 with chart generic@1.2.3',
    ]);
  });
});
