#!/usr/bin/env node
/* eslint-disable no-console */
/*
 * Pre-flight benchmark: POST /api/ocdp/precheck of a real backend (in this process, PostgreSQL)
 * against a SIMULATED cluster of the kube-sim `scale` scenario, plus a tenant namespace of many
 * pods and 10 ResourceQuotas; side by side with the peer a user has today, server-side dry-run.
 *
 *   node tests/bench/precheck.bench.js          5,000 nodes / 150,000 pods, namespace of 3,000 pods
 *   node tests/bench/precheck.bench.js --small  500 nodes / 15,000 pods, namespace of 300 pods
 *
 * The big simulator runs in a child process, as an API server would, so the backend's latency and
 * memory are its own. Measures the backend's cold cache sync (LIST + watch of every node and pod)
 * and its memory (heap growth from before it started to after the sync, after GC), then runs generated
 * release cases in the namespace: each asks the pre-flight and the dry-run peer of the big
 * simulator, then makes the change for real to see what happens (the truth: a ReplicaSet refused
 * by quota admission, or pods left Pending, means it did not fit). The change is made in a second,
 * small simulator that holds the same namespace (pods, quotas, LimitRange) and the same free GPUs
 * by model: in the scale scenario every removal of a running pod makes kube-sim's scheduler retry
 * its thousands of pending GPU pods on every node (minutes at full size), so changes there are
 * never undone; the big simulator keeps the releases of the scale and upgrade cases, and the
 * tenant's quota grows by what each uses (through the API), so every case has the same room.
 *
 * The dry-run peer: `dryRun=All` create of each pod an install or scale adds (one request each,
 * the strongest check dry-run offers: a Deployment's own dry-run counts no pods against a quota);
 * for an upgrade, `dryRun=All` update of the release's Deployment, as `helm upgrade
 * --dry-run=server` does (its new pods cannot be dry-run created while the old ones still count).
 *
 * Goals (full size; missing one fails the run, at --small they are INFO only): pre-flight
 * p95 <= 50 ms; every case dry-run wrongly calls fitting is refused by the pre-flight.
 *
 * PostgreSQL: $BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, or postgresql://postgres@127.0.0.1:5432.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { fork } = require('node:child_process');
const v8 = require('node:v8');
const vm = require('node:vm');
const { AppsV1Api, CoreV1Api, KubeConfig } = require('@kubernetes/client-node');
const { startKubeSim } = require('@ocdp/kube-sim');
const { withBenchBackend } = require('./lib/backend');
const { summarize, seededRandom } = require('./lib/load');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const small = process.argv.includes('--small');
const size = small
  ? { nodes: 500, pods: 15_000, nsDeployments: 30, casesPerKind: 2, repeats: 3 }
  : {
      nodes: 5000,
      pods: 150_000,
      nsDeployments: 300,
      casesPerKind: 15,
      repeats: 5,
    };
const CLUSTER = 'c1';
const NS = 'bench';
const GOAL_P95_MS = 50;
/** The namespace's pods: 10 per Deployment; one Deployment of GPU pods, the rest CPU pods. */
const BASE_GPU_PODS = 10;
/** GPUs the tenant quota leaves free next to what the namespace runs. */
const GPU_ROOM = 6;
const BENCH_GPUS_PER_NODE = 8;
/**
 * Dedicated (tainted) GPU nodes for the namespace (the scenario's own GPUs are all taken), with
 * room for the releases of the scale and upgrade cases, which stay (at most 16 GPUs a round).
 */
const BENCH_GPU_NODES =
  Math.ceil((BASE_GPU_PODS + 16 * size.casesPerKind) / BENCH_GPUS_PER_NODE) + 4;
const H100 = 'NVIDIA-H100-80GB-HBM3';
const TAINT = { key: 'ocdp.io/bench', value: 'true', effect: 'NoSchedule' };
const MI = 1024 ** 2;

process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';

const heapMiB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / MI;
};

function podSpec({ cpu, memory, limitCpu, gpus = 0, product }) {
  return {
    ...(product ? { nodeSelector: { 'nvidia.com/gpu.product': product } } : {}),
    ...(gpus ? { tolerations: [{ ...TAINT, operator: 'Equal' }] } : {}),
    containers: [
      {
        name: 'main',
        image: 'vllm/vllm-openai',
        resources: {
          requests: { cpu, memory },
          limits: {
            cpu: limitCpu,
            memory,
            ...(gpus ? { 'nvidia.com/gpu': String(gpus) } : {}),
          },
        },
      },
    ],
  };
}

function deployment(name, replicas, template, strategy) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { 'app.kubernetes.io/instance': name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      ...(strategy ? { strategy } : {}),
      template: {
        metadata: {
          labels: { app: name, 'app.kubernetes.io/instance': name },
        },
        spec: podSpec(template),
      },
    },
  };
}

const gpuTemplate = (gpus, product = H100, cpu = '500m') => ({
  cpu,
  memory: '2Gi',
  limitCpu: '2',
  gpus,
  product,
});
const NO_SURGE_SLACK = {
  type: 'RollingUpdate',
  rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
};

/**
 * The generated cases, by kind. `truthHint` is what the scenario's numbers say should happen;
 * the bench still observes the simulator and counts against what it did.
 */
function generateCases(random) {
  const pick = list => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const kinds = {
    // fits: CPU pods, or GPUs within the quota's room on the namespace's free GPU nodes
    'fine install': () => {
      if (random() < 0.5) {
        return {
          operation: 'install',
          after: {
            replicas: int(1, 10),
            template: { cpu: '250m', memory: '256Mi', limitCpu: '500m' },
          },
        };
      }
      const gpus = pick([1, 2, 3]);
      return {
        operation: 'install',
        after: {
          replicas: int(1, Math.floor(GPU_ROOM / gpus)),
          template: gpuTemplate(gpus),
        },
      };
    },
    // each pod alone fits the quota, all of them do not
    'over quota (sum)': () => ({
      operation: 'install',
      after: {
        replicas: int(GPU_ROOM + 1, GPU_ROOM + 4),
        template: gpuTemplate(1),
      },
    }),
    // one pod alone is over the quota
    'over quota (one pod)': () => ({
      operation: 'install',
      after: {
        replicas: 1,
        template: gpuTemplate(int(GPU_ROOM + 1, BENCH_GPUS_PER_NODE)),
      },
    }),
    // within quota, but no node of that GPU model has a free GPU
    capacity: () => {
      const gpus = pick([1, 2]);
      return {
        operation: 'install',
        after: {
          replicas: int(1, Math.floor(GPU_ROOM / gpus)),
          template: gpuTemplate(
            gpus,
            pick(['NVIDIA-A100-SXM4-80GB', 'NVIDIA-L4']),
          ),
        },
      };
    },
    // scale up within the quota's room
    'fine scale': () => {
      const replicas = int(1, 3);
      return {
        operation: 'scale',
        before: { replicas, template: gpuTemplate(1) },
        after: { replicas: replicas + int(1, GPU_ROOM - replicas) },
      };
    },
    // scale up by pods that each fit alone
    'scale over quota (sum)': () => {
      const replicas = int(1, 3);
      return {
        operation: 'scale',
        before: { replicas, template: gpuTemplate(1) },
        after: { replicas: GPU_ROOM + int(1, 3) },
      };
    },
    // the end state fits; the rollout's surge pod does not (no pod may go first)
    surge: () => {
      const [replicas, gpus] = pick([
        [1, 4],
        [1, 6],
        [2, 3],
        [3, 2],
        [6, 1],
      ]);
      return {
        operation: 'upgrade',
        before: {
          replicas,
          template: gpuTemplate(gpus),
          strategy: NO_SURGE_SLACK,
        },
        after: {
          replicas,
          template: gpuTemplate(gpus, H100, '600m'),
          strategy: NO_SURGE_SLACK,
        },
      };
    },
    // the surge pod fits in the quota's room
    'fine upgrade': () => {
      const [replicas, gpus] = pick([
        [1, 1],
        [2, 2],
        [1, 3],
        [4, 1],
        [2, 1],
      ]);
      return {
        operation: 'upgrade',
        before: {
          replicas,
          template: gpuTemplate(gpus),
          strategy: NO_SURGE_SLACK,
        },
        after: {
          replicas,
          template: gpuTemplate(gpus, H100, '600m'),
          strategy: NO_SURGE_SLACK,
        },
      };
    },
  };
  const cases = [];
  for (let i = 0; i < size.casesPerKind; i++) {
    for (const [kind, make] of Object.entries(kinds)) {
      cases.push({ kind, release: `case-${cases.length}`, ...make() });
    }
  }
  return { kinds: Object.keys(kinds), cases };
}

/** A node of `gpus` GPUs of `product` (tainted for the namespace's pods when `taint`). */
function node(name, { gpus = 0, product, taint = false }) {
  const capacity = {
    cpu: '64',
    memory: '512Gi',
    pods: '110',
    ...(gpus ? { 'nvidia.com/gpu': String(gpus) } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        ...(product
          ? {
              'nvidia.com/gpu.product': product,
              'nvidia.com/gpu.memory':
                product === 'NVIDIA-L4' ? '23034' : '81559',
              'nvidia.com/gpu.count': String(gpus),
            }
          : {}),
      },
    },
    spec: taint ? { taints: [TAINT] } : {},
    status: {
      capacity,
      allocatable: capacity,
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

/**
 * Nodes, the namespace and its pods (and `filler` Deployments elsewhere), written in-process in one
 * batch: kube-sim's scheduler retries every pending pod on every node once per batch that adds a
 * node or frees capacity, and the scale scenario leaves thousands of GPU pods pending.
 */
async function seed(sim, { nodes, filler = [] }) {
  const type = (plural, group) => sim.store.typeOf(plural, group);
  const t0 = performance.now();
  for (const n of nodes) sim.api.create(type('nodes'), undefined, n);
  // labelled as an OCDP tenant namespace, so the tenant created later may take it over
  sim.api.create(type('namespaces'), undefined, {
    metadata: {
      name: NS,
      labels: { 'ocdp.io/tenant': NS, 'app.kubernetes.io/managed-by': 'ocdp' },
    },
  });
  sim.api.create(type('priorityclasses', 'scheduling.k8s.io'), undefined, {
    metadata: { name: 'high' },
    value: 1000,
  });
  // the GPUs the filler takes first
  if (filler.length) {
    sim.api.create(type('namespaces'), undefined, {
      metadata: { name: 'filler' },
    });
  }
  for (const f of filler) {
    sim.api.create(
      type('deployments', 'apps'),
      'filler',
      deployment(f.name, f.replicas, {
        cpu: '1',
        memory: '1Gi',
        limitCpu: '1',
        gpus: 1,
        product: f.product,
      }),
    );
  }
  for (let d = 0; d < size.nsDeployments; d++) {
    const gpu = d === 0;
    sim.api.create(
      type('deployments', 'apps'),
      NS,
      deployment(
        `base-${String(d).padStart(3, '0')}`,
        BASE_GPU_PODS,
        gpu
          ? { cpu: '1', memory: '4Gi', limitCpu: '2', gpus: 1, product: H100 }
          : { cpu: '100m', memory: '128Mi', limitCpu: '200m' },
      ),
    );
  }
  await sim.settle();
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeConfig());
  const core = kc.makeApiClient(CoreV1Api);
  for (const namespace of [NS, ...(filler.length ? ['filler'] : [])]) {
    const pods = await core.listNamespacedPod({ namespace });
    const pending = pods.items.filter(p => !p.spec?.nodeName).length;
    if (pending || pods.items.length === 0) {
      const events = await core.listNamespacedEvent({ namespace });
      throw new Error(
        `namespace ${namespace}: ${pending} of ${
          pods.items.length
        } pods not scheduled: ${[
          ...new Set(
            events.items.filter(e => e.type === 'Warning').map(e => e.message),
          ),
        ].join('; ')}`,
      );
    }
  }
  return performance.now() - t0;
}

const bigSimNodes = count =>
  Array.from({ length: count }, (_, i) =>
    node(`bench-h100-${String(i).padStart(3, '0')}`, {
      gpus: BENCH_GPUS_PER_NODE,
      product: H100,
      taint: true,
    }),
  );

/**
 * The truth's simulator: the same namespace (pods, quotas, LimitRange) and the same free GPUs
 * by model (4 dedicated H100 nodes, A100 and L4 nodes full), without the scale scenario's pending
 * pods, so that a change can be made and undone in milliseconds.
 */
async function startMirror(big) {
  const mirror = await startKubeSim({ port: 0, banner: false });
  await seed(mirror, {
    nodes: [
      ...Array.from({ length: Math.ceil(size.nsDeployments / 6) }, (_, i) =>
        node(`cpu-${i}`, {}),
      ),
      ...bigSimNodes(4),
      node('a100-full', { gpus: 8, product: 'NVIDIA-A100-SXM4-80GB' }),
      node('l4-full', { gpus: 4, product: 'NVIDIA-L4' }),
    ],
    filler: [
      { name: 'filler-a100', replicas: 8, product: 'NVIDIA-A100-SXM4-80GB' },
      { name: 'filler-l4', replicas: 4, product: 'NVIDIA-L4' },
    ],
  });
  const from = new KubeConfig();
  from.loadFromString(big.kubeConfig());
  const to = new KubeConfig();
  to.loadFromString(mirror.kubeConfig());
  const bigCore = from.makeApiClient(CoreV1Api);
  const core = to.makeApiClient(CoreV1Api);
  const copy = o => ({ metadata: { name: o.metadata.name }, spec: o.spec });
  for (const q of (await bigCore.listNamespacedResourceQuota({ namespace: NS }))
    .items) {
    await core.createNamespacedResourceQuota({ namespace: NS, body: copy(q) });
  }
  for (const lr of (await bigCore.listNamespacedLimitRange({ namespace: NS }))
    .items) {
    await core.createNamespacedLimitRange({ namespace: NS, body: copy(lr) });
  }
  return mirror;
}

/** What a release of `replicas` pods of `template` adds to a quota, in quota units. */
function usageOf(replicas, template) {
  const milli = v =>
    v.endsWith('m') ? Number(v.slice(0, -1)) : Number(v) * 1000;
  const mebi = v =>
    v.endsWith('Gi') ? Number(v.slice(0, -2)) * 1024 : Number(v.slice(0, -2));
  return {
    cpuMilli: replicas * milli(template.cpu),
    memoryMi: replicas * mebi(template.memory),
    gpus: replicas * (template.gpus ?? 0),
    pods: replicas,
  };
}

const quotaSpec = u => ({
  'requests.cpu': `${u.cpuMilli}m`,
  'requests.memory': `${u.memoryMi}Mi`,
  'requests.nvidia.com/gpu': String(u.gpus),
  pods: String(u.pods),
});

/** The tenant (its quota `ocdp-quota`) through the API, and 9 more quotas of other kinds. */
async function createQuotas(call, core) {
  const cpu = usageOf((size.nsDeployments - 1) * 10, {
    cpu: '100m',
    memory: '128Mi',
  });
  const gpu = usageOf(BASE_GPU_PODS, { cpu: '1', memory: '4Gi', gpus: 1 });
  // what runs, plus room
  const hard = {
    cpuMilli: cpu.cpuMilli + gpu.cpuMilli + 40_000,
    memoryMi: cpu.memoryMi + gpu.memoryMi + 64 * 1024,
    gpus: gpu.gpus + GPU_ROOM,
    pods: cpu.pods + gpu.pods + 100,
  };
  const { json } = await call('POST', '/tenants', {
    expect: 201,
    body: {
      name: NS,
      owner: 'group:default/bench',
      bindings: [{ cluster: CLUSTER, namespace: NS, quota: quotaSpec(hard) }],
    },
  });
  if (json.bindings[0].syncStatus !== 'synced') {
    throw new Error(`tenant not synced: ${JSON.stringify(json.bindings[0])}`);
  }
  const others = [
    {
      name: 'compute-limits',
      spec: { hard: { 'limits.cpu': '5000', 'limits.memory': '8Ti' } },
    },
    {
      name: 'object-counts',
      spec: {
        hard: {
          'count/deployments.apps': '1000',
          'count/replicasets.apps': '5000',
          services: '100',
          configmaps: '200',
          secrets: '200',
        },
      },
    },
    {
      name: 'gpu-not-best-effort',
      spec: {
        hard: { 'requests.nvidia.com/gpu': '10000' },
        scopes: ['NotBestEffort'],
      },
    },
    {
      name: 'best-effort',
      spec: { hard: { pods: '0' }, scopes: ['BestEffort'] },
    },
    {
      name: 'long-running',
      spec: { hard: { pods: '10000' }, scopes: ['NotTerminating'] },
    },
    {
      name: 'batch-pods',
      spec: {
        hard: { pods: '20', 'requests.cpu': '16' },
        scopes: ['Terminating'],
      },
    },
    {
      name: 'high-priority',
      spec: {
        hard: { 'requests.nvidia.com/gpu': '4', pods: '10' },
        scopeSelector: {
          matchExpressions: [
            { scopeName: 'PriorityClass', operator: 'In', values: ['high'] },
          ],
        },
      },
    },
    {
      name: 'storage',
      spec: {
        hard: { 'requests.storage': '10Ti', persistentvolumeclaims: '50' },
      },
    },
    {
      name: 'batch-objects',
      spec: {
        hard: { 'count/jobs.batch': '50', 'count/cronjobs.batch': '10' },
      },
    },
  ];
  for (const q of others) {
    await core.createNamespacedResourceQuota({
      namespace: NS,
      body: { metadata: { name: q.name }, spec: q.spec },
    });
  }
  const quotas = await core.listNamespacedResourceQuota({ namespace: NS });
  const ocdp = quotas.items.find(q => q.metadata?.name === 'ocdp-quota');
  const gpuUsed = Number(ocdp?.status?.used?.['requests.nvidia.com/gpu']);
  if (quotas.items.length !== 10 || gpuUsed !== BASE_GPU_PODS) {
    throw new Error(
      `expected 10 quotas and ${BASE_GPU_PODS} GPUs used, got ${quotas.items.length} quotas, ${gpuUsed} GPUs`,
    );
  }
  return hard;
}

/** Waits until the backend's cache holds as many pods as the simulator; the ms waited. */
async function cacheCaughtUp(call, sim, timeoutMs = 60_000) {
  const expected = await sim.pods();
  const t = performance.now();
  for (;;) {
    const { json } = await call('GET', '/clusters');
    const cache = json.items.find(c => c.name === CLUSTER)?.cache;
    if (cache?.synced && cache.pods === expected) return performance.now() - t;
    if (performance.now() - t > timeoutMs) {
      throw new Error(
        `cache not caught up: ${JSON.stringify(
          cache,
        )}, simulator ${expected} pods`,
      );
    }
    await new Promise(r => setTimeout(r, 20));
  }
}

/**
 * The big simulator, in a child process: the scale scenario, seeded. Answers `pods` (its pod
 * count once its controllers have settled) and `close` over IPC.
 */
async function runSimulatorProcess() {
  const sim = await startKubeSim({
    port: 0,
    banner: false,
    scenario: 'scale',
    scaleNodes: size.nodes,
    scalePods: size.pods,
  });
  const seedMs = await seed(sim, { nodes: bigSimNodes(BENCH_GPU_NODES) });
  const podType = sim.store.typeOf('pods');
  process.on('disconnect', () => process.exit(0));
  process.on('message', async ({ id, type }) => {
    await sim.settle();
    if (type === 'close') await sim.close();
    process.send({ id, pods: sim.store.table(podType).map.size });
    if (type === 'close') process.exit(0);
  });
  process.send({
    url: sim.url,
    kubeConfig: sim.kubeConfig(),
    loadMs: sim.scenarioLoadMs,
    seedMs,
  });
}

/** Starts the simulator process; resolves to what the bench uses of a simulator. */
function startSimulatorProcess() {
  const child = fork(__filename, [...process.argv.slice(2), '--simulator'], {
    execArgv: ['--max-old-space-size=8192'],
    stdio: 'inherit',
  });
  const waiting = new Map();
  let next = 0;
  const ask = type =>
    new Promise(resolve => {
      const id = ++next;
      waiting.set(id, resolve);
      child.send({ id, type });
    });
  return new Promise((resolve, reject) => {
    const exited = code =>
      reject(new Error(`the simulator process exited with ${code}`));
    child.once('exit', exited);
    // (the child's module loader also reports the files it loads over IPC)
    const onReady = ready => {
      if (!ready.url) return;
      child.off('message', onReady);
      child.off('exit', exited);
      child.on('message', m => {
        waiting.get(m.id)?.(m);
        waiting.delete(m.id);
      });
      resolve({
        url: ready.url,
        kubeConfig: () => ready.kubeConfig,
        loadMs: ready.loadMs,
        seedMs: ready.seedMs,
        pods: async () => (await ask('pods')).pods,
        settle: () => ask('pods'),
        close: async () => {
          const gone = new Promise(r => child.once('exit', r));
          await ask('close');
          await gone;
        },
      });
    };
    child.on('message', onReady);
  });
}

/** Typed clients of a simulator, and what a release there did. */
function clientsOf(sim) {
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeConfig());
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  return {
    core,
    apps,
    create: (name, { replicas, template, strategy }) =>
      apps.createNamespacedDeployment({
        namespace: NS,
        body: deployment(name, replicas, template, strategy),
      }),
    /** Refused by quota admission for good (a ReplicaSet left with ReplicaFailure), or pods left Pending. */
    async observe(release) {
      const replicaSets = await apps.listNamespacedReplicaSet({
        namespace: NS,
        labelSelector: `app=${release}`,
      });
      const refused = replicaSets.items.some(rs =>
        rs.status?.conditions?.some(
          cond => cond.type === 'ReplicaFailure' && cond.status === 'True',
        ),
      );
      const pods = await core.listNamespacedPod({
        namespace: NS,
        labelSelector: `app=${release}`,
      });
      const pending = pods.items.filter(p => !p.spec?.nodeName).length;
      return { fits: !refused && pending === 0, refused, pending };
    },
  };
}

/** The release's Deployment as the change leaves it. */
async function changed(apps, c) {
  const current = await apps.readNamespacedDeployment({
    name: c.release,
    namespace: NS,
  });
  if (c.operation === 'scale') {
    return {
      ...current,
      spec: { ...current.spec, replicas: c.after.replicas },
    };
  }
  const next = deployment(
    c.release,
    c.after.replicas,
    c.after.template,
    c.after.strategy,
  );
  return { ...current, spec: { ...current.spec, ...next.spec } };
}

/** The change of a case made for real; false when the API refused it at once. */
async function makeChange(apps, c) {
  try {
    if (c.operation === 'install') {
      await apps.createNamespacedDeployment({
        namespace: NS,
        body: deployment(
          c.release,
          c.after.replicas,
          c.after.template,
          c.after.strategy,
        ),
      });
    } else {
      await apps.replaceNamespacedDeployment({
        name: c.release,
        namespace: NS,
        body: await changed(apps, c),
      });
    }
    return true;
  } catch {
    return false;
  }
}

/** The dry-run peer: true when every dry-run request was accepted. */
async function dryRun({ core, apps }, c) {
  if (c.operation === 'upgrade') {
    try {
      await apps.replaceNamespacedDeployment({
        name: c.release,
        namespace: NS,
        dryRun: 'All',
        body: await changed(apps, c),
      });
      return true;
    } catch {
      return false;
    }
  }
  const template =
    c.operation === 'install' ? c.after.template : c.before.template;
  const count =
    c.operation === 'install'
      ? c.after.replicas
      : c.after.replicas - c.before.replicas;
  let fits = true;
  for (let i = 0; i < count; i++) {
    try {
      await core.createNamespacedPod({
        namespace: NS,
        dryRun: 'All',
        body: {
          metadata: {
            name: `${c.release}-dry-run-${i}`,
            labels: { app: c.release, 'app.kubernetes.io/instance': c.release },
          },
          spec: podSpec(template),
        },
      });
    } catch {
      fits = false;
    }
  }
  return fits;
}

function precheckBody(c) {
  return {
    tenant: NS,
    cluster: CLUSTER,
    operation: c.operation,
    ...(c.operation === 'install' ? {} : { release: c.release }),
    ...(c.operation === 'scale'
      ? { replicas: c.after.replicas }
      : {
          profile: 'generic',
          manifests: JSON.stringify(
            deployment(
              c.release,
              c.after.replicas,
              c.after.template,
              c.after.strategy,
            ),
          ),
        }),
  };
}

function printResults({
  kinds,
  byKind,
  cases,
  seconds,
  preflightMs,
  dryRunMs,
  dryMisses,
  dryMissesCaught,
  disagreements,
}) {
  const pre = summarize(preflightMs);
  const dry = summarize(dryRunMs);
  console.log(
    `\n${cases.length} generated release cases in namespace ${NS} (${(
      size.nsDeployments * 10
    ).toLocaleString('en-US')} pods, 10 quotas), each asked ${
      size.repeats
    }x, in ${seconds.toFixed(1)} s`,
  );
  const col = v => String(v).padStart(9);
  const row = (label, cells) =>
    console.log(`${label.padEnd(36)}${cells.map(col).join('')}`);
  row('per release (ms)', ['n', 'median', 'p95', 'max']);
  row('pre-flight POST /precheck', [
    pre.n,
    pre.median.toFixed(1),
    pre.p95.toFixed(1),
    pre.max.toFixed(1),
  ]);
  row('dry-run peer (all its requests)', [
    dry.n,
    dry.median.toFixed(1),
    dry.p95.toFixed(1),
    dry.max.toFixed(1),
  ]);
  console.log(
    '\nper case kind: run, fitted in the simulator, wrongly called fitting (fit) / refused (ref) by each, skipped',
  );
  const krow = (label, cells) =>
    console.log(`${label.padEnd(24)}${cells.map(col).join('')}`);
  krow('case kind', [
    'run',
    'fitted',
    'pre:fit',
    'pre:ref',
    'dry:fit',
    'dry:ref',
    'skipped',
  ]);
  const fields = [
    'run',
    'truthFits',
    'preWrongFit',
    'preWrongRefuse',
    'dryWrongFit',
    'dryWrongRefuse',
    'skipped',
  ];
  const total = Object.fromEntries(fields.map(f => [f, 0]));
  for (const kind of kinds) {
    for (const f of fields) total[f] += byKind[kind][f];
    krow(
      kind,
      fields.map(f => byKind[kind][f]),
    );
  }
  krow(
    'all',
    fields.map(f => total[f]),
  );
  const share = n => `${((100 * n) / Math.max(1, total.run)).toFixed(1)} %`;
  console.log(
    `wrongly called fitting: dry-run ${total.dryWrongFit} of ${
      total.run
    } cases (${share(total.dryWrongFit)}), ` +
      `pre-flight ${total.preWrongFit} (${share(
        total.preWrongFit,
      )}); wrongly refused: dry-run ${total.dryWrongRefuse}, pre-flight ${
        total.preWrongRefuse
      }; dry-run's misses refused by the pre-flight: ${dryMissesCaught} of ${dryMisses}`,
  );
  for (const d of disagreements) {
    console.log(
      `\npre-flight disagrees (${d.c.kind}): the simulator ${
        d.truth ? 'fitted' : 'refused'
      } it ${JSON.stringify(d.observed)}\n  reasons: ${JSON.stringify(
        d.reasons,
      )}\n  warnings: ${JSON.stringify(d.warnings)}\n  case: ${JSON.stringify(
        d.c,
      )}`,
    );
  }
  const goals = [
    [
      `pre-flight p95 <= ${GOAL_P95_MS} ms (${pre.p95.toFixed(1)} ms)`,
      pre.p95 <= GOAL_P95_MS,
    ],
    [
      `every case dry-run wrongly calls fitting is refused by the pre-flight (${dryMissesCaught} of ${dryMisses})`,
      dryMissesCaught === dryMisses,
    ],
  ];
  const missLabel = small ? 'INFO' : 'FAIL';
  for (const [name, ok] of goals)
    console.log(`${ok ? 'PASS' : missLabel}  ${name}`);
  if (!small && goals.some(([, ok]) => !ok)) process.exitCode = 1;
}

async function main() {
  const { kinds, cases } = generateCases(seededRandom(8));
  let heapBefore = 0;
  await withBenchBackend(
    {
      title: `pre-flight benchmark${
        small ? ' (small)' : ''
      }: scale scenario ${size.nodes.toLocaleString(
        'en-US',
      )} nodes / ${size.pods.toLocaleString('en-US')} pods`,
      clusters: [CLUSTER],
      startSim: () => startSimulatorProcess(),
      beforeBackendStart: async () => {
        heapBefore = heapMiB();
      },
    },
    async ({ call, sims, startedAt }) => {
      const big = sims[CLUSTER];
      console.log(
        `simulator process: scenario loaded in ${(big.loadMs / 1000).toFixed(
          1,
        )} s; namespace ${NS} seeded with ` +
          `${(size.nsDeployments * 10).toLocaleString(
            'en-US',
          )} running pods (${BASE_GPU_PODS} with a GPU) and ` +
          `${BENCH_GPU_NODES} dedicated ${H100} nodes in ${(
            big.seedMs / 1000
          ).toFixed(1)} s`,
      );
      const syncWait = await cacheCaughtUp(call, big, 600_000);
      const syncMs = performance.now() - startedAt;
      const heapAfter = heapMiB();
      const rss = process.memoryUsage().rss / MI;
      console.log(
        `cold cache sync: ${(syncMs / 1000).toFixed(
          2,
        )} s from backend start (${(syncWait / 1000).toFixed(
          2,
        )} s after start() returned), ${(await big.pods()).toLocaleString(
          'en-US',
        )} pods, ${(size.nodes + BENCH_GPU_NODES).toLocaleString(
          'en-US',
        )} nodes`,
      );
      console.log(
        `backend memory: +${Math.round(
          heapAfter - heapBefore,
        )} MiB heap from before its start to after the sync ` +
          `(after GC), process RSS ${Math.round(rss)} MiB`,
      );
      const bigClients = clientsOf(big);
      const hard = await createQuotas(call, bigClients.core);
      const mirror = await startMirror(big);
      const mirrorClients = clientsOf(mirror);
      const mirrorPods = () =>
        mirror.store.table(mirror.store.typeOf('pods')).map.size;
      const mirrorBase = mirrorPods();

      /**
       * Removes the release from the mirror. In the big simulator a release stays; the quota grows
       * by what it uses, so the next case has the same room.
       */
      async function undo(c) {
        await mirrorClients.apps.deleteNamespacedDeployment({
          name: c.release,
          namespace: NS,
          propagationPolicy: 'Background',
        });
        await mirror.settle();
        if (mirrorPods() !== mirrorBase) {
          throw new Error(
            `${c.release}: ${
              mirrorPods() - mirrorBase
            } pods left in the mirror after deleting it`,
          );
        }
        if (c.before) {
          const u = usageOf(c.before.replicas, c.before.template);
          for (const k of Object.keys(hard)) hard[k] += u[k];
          await call('PUT', `/tenants/${NS}/bindings/${CLUSTER}`, {
            body: { quota: quotaSpec(hard) },
          });
        }
      }

      const preflightMs = [];
      const dryRunMs = [];
      const fields = [
        'run',
        'truthFits',
        'preWrongFit',
        'preWrongRefuse',
        'dryWrongFit',
        'dryWrongRefuse',
        'skipped',
      ];
      const byKind = Object.fromEntries(
        kinds.map(k => [k, Object.fromEntries(fields.map(f => [f, 0]))]),
      );
      const disagreements = [];
      let dryMissesCaught = 0;
      let dryMisses = 0;
      const t0 = performance.now();
      try {
        for (const c of cases) {
          const stats = byKind[c.kind];
          if (c.before) {
            await bigClients.create(c.release, c.before);
            await mirrorClients.create(c.release, c.before);
            await big.settle();
            await mirror.settle();
            const inBig = await bigClients.observe(c.release);
            const inMirror = await mirrorClients.observe(c.release);
            if (!inBig.fits || !inMirror.fits) {
              stats.skipped++;
              await undo(c);
              continue;
            }
            await cacheCaughtUp(call, big);
          }
          let report;
          for (let r = 0; r < size.repeats; r++) {
            const t = performance.now();
            report = (
              await call('POST', '/precheck', { body: precheckBody(c) })
            ).json;
            preflightMs.push(performance.now() - t);
          }
          let dryFits;
          for (let r = 0; r < size.repeats; r++) {
            const t = performance.now();
            dryFits = await dryRun(bigClients, c);
            dryRunMs.push(performance.now() - t);
          }

          // the truth: the change made in the mirror
          const accepted = await makeChange(mirrorClients.apps, c);
          await mirror.settle();
          const observed = await mirrorClients.observe(c.release);
          const truth = accepted && observed.fits;

          stats.run++;
          if (truth) stats.truthFits++;
          if (report.ok && !truth) stats.preWrongFit++;
          if (!report.ok && truth) stats.preWrongRefuse++;
          if (dryFits && !truth) {
            stats.dryWrongFit++;
            dryMisses++;
            if (!report.ok) dryMissesCaught++;
          }
          if (!dryFits && truth) stats.dryWrongRefuse++;
          if (report.ok !== truth && disagreements.length < 5) {
            disagreements.push({
              c,
              truth,
              observed,
              reasons: report.reasons,
              warnings: report.warnings,
            });
          }
          await undo(c);
        }
      } finally {
        await mirror.close();
      }
      const seconds = (performance.now() - t0) / 1000;
      printResults({
        kinds,
        byKind,
        cases,
        seconds,
        preflightMs,
        dryRunMs,
        dryMisses,
        dryMissesCaught,
        disagreements,
      });
    },
  );
}

if (process.argv.includes('--simulator')) {
  runSimulatorProcess().catch(error => {
    console.error(error);
    process.exit(2);
  });
} else {
  main()
    .then(() => process.exit(process.exitCode ?? 0))
    .catch(error => {
      console.error(error);
      process.exit(2);
    });
}
