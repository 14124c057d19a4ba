#!/usr/bin/env node
/* eslint-disable no-console */
/*
 * GPU monitoring benchmark: a real backend (OCDP plugin and the Backstage Kubernetes plugin, one
 * in-memory catalog) against the SIMULATED 5,000-node / 150,000-pod scale cluster, behind a proxy
 * that counts the requests the backend makes to the cluster. In one run, side by side:
 *   - cold sync: backend start until the watch cache of nodes and pods is loaded;
 *   - GET /api/ocdp/clusters/:cluster/gpu (every node, model, tenant, pending pod): median, p95;
 *   - the same GPU question answered by listing nodes and pods on each request (paged, 500 a
 *     page, as kubectl does), with @kubernetes/client-node: median, p95, requests per answer;
 *   - an entity's GPU pods: GET /api/ocdp/entity/.../gpu next to the Kubernetes plugin's
 *     objects-by-entity (POST /api/kubernetes/services/:id) for the same entity;
 *   - backend heap after sync (the simulator runs in this process: its heap is measured first);
 *   - cluster requests per minute in steady state, besides the watches, while viewers poll.
 *
 *   node tests/bench/gpu-monitoring.bench.js          5,000 nodes, 150,000 pods
 *   node tests/bench/gpu-monitoring.bench.js --small  250 nodes, 7,500 pods (run by the test suite)
 *
 * Goals (full size; missing one fails the run, at --small they are INFO only): p95 ≤ 20 ms;
 * ≥ 50× faster than listing per request (medians); ≤ 5 cluster requests per minute in steady
 * state besides the watches.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const { CoreV1Api, KubeConfig } = require('@kubernetes/client-node');
const { createBackend } = require('@backstage/backend-defaults');
const {
  rootConfigServiceFactory,
} = require('@backstage/backend-defaults/rootConfig');
const { startKubeSim } = require('@ocdp/kube-sim');
const ocdpPlugin = require('@ocdp/plugin-ocdp-backend').default;
const { summarize } = require('./lib/load');
const {
  connectionString,
  checkPostgres,
  dropDatabasesWithPrefix,
} = require('./lib/postgres');

const small = process.argv.includes('--small');
const NODES = small ? 250 : 5000;
const PODS = small ? 7500 : 150000;
const REQUESTS = small ? 40 : 300;
const LIST_RUNS = small ? 3 : 5;
const ENTITY_RUNS = small ? 5 : 20;
const STEADY_MS = small ? 10_000 : 60_000;
const GOAL_P95_MS = 20;
const GOAL_RATIO = 50;
const GOAL_PER_MINUTE = 5;
const CLUSTER = 'scale';
const KUBERNETES_ID = 'bench-model';
const GPU = 'nvidia.com/gpu';

process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

function heapMiB() {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** An HTTP proxy in front of the simulator that counts requests: watches apart from the rest. */
async function countingProxy(target) {
  const counts = { watches: 0, other: 0, byPath: new Map() };
  const upstream = new URL(target);
  // no keep-alive upstream: a reused socket the simulator is closing would reset a LIST
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://proxy');
    const watch =
      url.searchParams.get('watch') === 'true' ||
      url.searchParams.get('watch') === '1';
    if (watch) counts.watches++;
    else {
      counts.other++;
      const key = `${req.method} ${url.pathname}`;
      counts.byPath.set(key, (counts.byPath.get(key) ?? 0) + 1);
    }
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      answer => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  // idle connections kept as long as an API server keeps them, so reusing one never races its close
  server.keepAliveTimeout = 120_000;
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    reset() {
      counts.watches = 0;
      counts.other = 0;
      counts.byPath.clear();
    },
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections?.();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

function backendConfig({ port, dbPrefix, token, clusterUrl }) {
  return {
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { host: '127.0.0.1', port },
      database: {
        client: 'pg',
        connection: connectionString(),
        prefix: dbPrefix,
      },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench' } },
        ],
      },
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: CLUSTER,
              url: clusterUrl,
              authProvider: 'serviceAccount',
              skipTLSVerify: true,
              serviceAccountToken: 'simulated-token',
            },
          ],
        },
      ],
    },
    ocdp: {
      tenants: { personalTenants: false, reconcileIntervalSeconds: 3600 },
    },
  };
}

const benchEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: KUBERNETES_ID,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': KUBERNETES_ID },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/ml' },
};

/** Pods of one model server, labelled for the entity, in a namespace of their own. */
async function addEntityPods(sim) {
  const podType = sim.store.registry.byApiVersionKind('v1', 'Pod');
  const namespace = 'bench-models';
  sim.api.create(
    sim.store.registry.byApiVersionKind('v1', 'Namespace'),
    undefined,
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    },
  );
  for (let i = 0; i < 4; i++) {
    sim.api.create(podType, namespace, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${KUBERNETES_ID}-${i}`,
        namespace,
        labels: { 'backstage.io/kubernetes-id': KUBERNETES_ID },
      },
      spec: {
        tolerations: [{ key: GPU, operator: 'Exists' }],
        containers: [
          {
            name: 'vllm',
            image: 'vllm/vllm-openai',
            resources: { limits: { [GPU]: '1' } },
          },
        ],
      },
    });
  }
  await sim.settle();
}

/** The GPU question the way the tools users have answer it: LIST nodes and pods, then add up. */
async function gpuByListing(core) {
  const list = async fn => {
    const items = [];
    let next;
    do {
      const page = await fn({
        limit: 500,
        ...(next ? { _continue: next } : {}),
      });
      items.push(...page.items);
      next = page.metadata?._continue || undefined;
    } while (next);
    return items;
  };
  const [nodes, pods] = await Promise.all([
    list(o => core.listNode(o)),
    list(o => core.listPodForAllNamespaces(o)),
  ]);
  const byNode = new Map();
  const byModel = new Map();
  let allocatable = 0;
  for (const node of nodes) {
    const gpus = Number(node.status?.allocatable?.[GPU] ?? 0);
    if (!gpus) continue;
    const product =
      node.metadata?.labels?.['nvidia.com/gpu.product'] ?? 'unknown';
    byNode.set(node.metadata.name, {
      product,
      allocatable: gpus,
      allocated: 0,
    });
    allocatable += gpus;
    const model = byModel.get(product) ?? { allocatable: 0, allocated: 0 };
    model.allocatable += gpus;
    byModel.set(product, model);
  }
  let allocated = 0;
  let pending = 0;
  for (const pod of pods) {
    const gpus = (pod.spec?.containers ?? []).reduce(
      (n, c) =>
        n +
        Number(c.resources?.requests?.[GPU] ?? c.resources?.limits?.[GPU] ?? 0),
      0,
    );
    if (!gpus) continue;
    const phase = pod.status?.phase;
    if (!pod.spec?.nodeName) {
      if (phase === 'Pending') pending += gpus;
      continue;
    }
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const node = byNode.get(pod.spec.nodeName);
    if (!node) continue;
    node.allocated += gpus;
    byModel.get(node.product).allocated += gpus;
    allocated += gpus;
  }
  return { allocatable, allocated, pending, byModel };
}

async function timed(runs, fn) {
  const latencies = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await fn(i);
    latencies.push(performance.now() - t0);
  }
  return { ...summarize(latencies), last };
}

const ms = n => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

async function main() {
  const pgVersion = await checkPostgres();
  const dbPrefix = `ocdp_bench_${crypto.randomBytes(4).toString('hex')}_`;
  const token = crypto.randomBytes(24).toString('base64url');
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocdp-bench-'));
  const cleanup = [];
  try {
    const simT0 = performance.now();
    const sim = await startKubeSim({
      port: 0,
      scenario: 'scale',
      scaleNodes: NODES,
      scalePods: PODS,
      banner: false,
    });
    cleanup.push(['close the simulator', () => sim.close()]);
    await addEntityPods(sim);
    console.log(
      `GPU monitoring — SIMULATED cluster of ${NODES.toLocaleString(
        'en-US',
      )} nodes, ` +
        `${PODS.toLocaleString('en-US')} pods (loaded in ${(
          (performance.now() - simT0) /
          1000
        ).toFixed(1)} s), ` +
        `PostgreSQL ${pgVersion}`,
    );
    const proxy = await countingProxy(sim.url);
    cleanup.push(['close the proxy', () => proxy.close()]);
    const heapBefore = heapMiB();

    const port = await freePort();
    const configFile = path.join(tmpDir, 'app-config.bench.yaml');
    fs.writeFileSync(
      configFile,
      JSON.stringify(
        backendConfig({ port, dbPrefix, token, clusterUrl: proxy.url }),
        null,
        2,
      ),
      { mode: 0o600 },
    );
    const backend = createBackend();
    backend.add(
      rootConfigServiceFactory({
        argv: ['--config', configFile],
        watch: false,
      }),
    );
    backend.add(ocdpPlugin);
    // the peer, on the same backend and catalog
    /* eslint-disable @backstage/no-undeclared-imports */
    backend.add(require('@backstage/plugin-kubernetes-backend'));
    const {
      catalogServiceMock,
    } = require('@backstage/plugin-catalog-node/testUtils');
    /* eslint-enable @backstage/no-undeclared-imports */
    backend.add(catalogServiceMock.factory({ entities: [benchEntity] }));
    const baseUrl = `http://127.0.0.1:${port}`;
    const call = async (method, urlPath, body, attempt = 1) => {
      let res;
      try {
        res = await fetch(`${baseUrl}${urlPath}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
      } catch (error) {
        // a kept-alive connection the server closed at the same moment: try once more
        if (attempt < 3) return call(method, urlPath, body, attempt + 1);
        throw new Error(
          `${method} ${urlPath}: ${error.cause?.message ?? error.message}`,
        );
      }
      const text = await res.text();
      if (!res.ok) {
        throw new Error(
          `${method} ${urlPath}: ${res.status}: ${text.slice(0, 500)}`,
        );
      }
      // parsed only when read: the latencies are the backend's answer, not the client's parse
      return {
        bytes: Buffer.byteLength(text),
        get json() {
          return JSON.parse(text);
        },
      };
    };

    cleanup.unshift(['stop the backend', () => backend.stop()]);
    const t0 = performance.now();
    await backend.start();
    const startedMs = performance.now() - t0;
    for (;;) {
      const { json } = await call(
        'GET',
        `/api/ocdp/clusters/${CLUSTER}/gpu?pendingLimit=1`,
      );
      if (json.health.synced) break;
      if (performance.now() - t0 > 600_000)
        throw new Error('the cache did not sync in 10 min');
      await new Promise(r => setTimeout(r, 50));
    }
    const coldSyncMs = performance.now() - t0;
    const listRequestsAtSync = proxy.counts.other;
    const heapAfter = heapMiB();

    // ours: GET /clusters/:cluster/gpu
    const gpuPath = `/api/ocdp/clusters/${CLUSTER}/gpu`;
    await timed(10, () => call('GET', gpuPath));
    const cpu0 = process.cpuUsage();
    const ours = await timed(REQUESTS, () => call('GET', gpuPath));
    const cpu = process.cpuUsage(cpu0);
    const cpuPerRequestMs = (cpu.user + cpu.system) / 1000 / REQUESTS;
    const report = ours.last.json;

    // the peer: list nodes and pods on each request
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: CLUSTER, server: proxy.url, skipTLSVerify: true }],
      users: [{ name: 'bench', token: 'simulated-token' }],
      contexts: [{ name: CLUSTER, cluster: CLUSTER, user: 'bench' }],
      currentContext: CLUSTER,
    });
    const core = kc.makeApiClient(CoreV1Api);
    const before = proxy.counts.other;
    const listed = await timed(LIST_RUNS, () => gpuByListing(core));
    const answer = listed.last;
    if (
      answer.allocated !== report.gpus.allocated ||
      answer.allocatable !== report.gpus.allocatable
    ) {
      throw new Error(
        `the two answers differ: listing says ${answer.allocated}/${answer.allocatable} GPUs allocated, ` +
          `the API ${report.gpus.allocated}/${report.gpus.allocatable}`,
      );
    }
    const listRequests = (proxy.counts.other - before) / LIST_RUNS;

    // an entity's GPU pods: ours, and the Kubernetes plugin's objects-by-entity
    const entityPath = `/api/ocdp/entity/component/default/${KUBERNETES_ID}/gpu`;
    const entityOurs = await timed(ENTITY_RUNS, () => call('GET', entityPath));
    const entityPods = entityOurs.last.json.clusters.flatMap(
      c => c.pods,
    ).length;
    proxy.reset();
    const k8s = await timed(ENTITY_RUNS, () =>
      call('POST', `/api/kubernetes/services/${KUBERNETES_ID}`, {
        entity: benchEntity,
      }),
    );
    const k8sRequestsPerCall = proxy.counts.other / ENTITY_RUNS;
    const k8sPods = (k8s.last.json.items ?? [])
      .flatMap(i => i.resources ?? [])
      .filter(r => r.type === 'pods')
      .flatMap(r => r.resources ?? []).length;

    // steady state: viewers poll the GPU page; count cluster requests besides watches
    proxy.reset();
    const steadyT0 = performance.now();
    let views = 0;
    while (performance.now() - steadyT0 < STEADY_MS) {
      await call('GET', gpuPath);
      views++;
      await new Promise(r => setTimeout(r, 100));
    }
    const steadyMinutes = (performance.now() - steadyT0) / 60_000;
    const perMinute = proxy.counts.other / steadyMinutes;
    const steadyPaths = [...proxy.counts.byPath.entries()]
      .map(([p, n]) => `${p} ×${n}`)
      .join(', ');

    const ratio = listed.median / ours.median;
    console.log(`backend started in ${(startedMs / 1000).toFixed(2)} s`);
    console.log(
      `cold sync (backend start → nodes and pods cached): ${(
        coldSyncMs / 1000
      ).toFixed(2)} s, ${((coldSyncMs - startedMs) / 1000).toFixed(2)} s ` +
        `after the start returned; ${listRequestsAtSync} requests (LIST pages, probes)`,
    );
    console.log(
      `backend heap after sync: ${(heapAfter - heapBefore).toFixed(0)} MiB ` +
        `(process ${heapAfter.toFixed(
          0,
        )} MiB with the simulator's ${heapBefore.toFixed(0)} MiB)`,
    );
    console.log(
      `the answer: ${report.gpus.allocated}/${report.gpus.allocatable} GPUs allocated on ` +
        `${report.nodes.length} GPU nodes, ${report.models.length} models, ${report.tenants.length} ` +
        `namespaces, ${report.pendingTotal} pending GPU pods; ${(
          ours.last.bytes / 1024
        ).toFixed(0)} KiB`,
    );
    const rows = [
      ['GET /clusters/:cluster/gpu (watch cache)', ours, '0'],
      [
        'LIST nodes + pods per request (client-node)',
        listed,
        listRequests.toFixed(0),
      ],
      [`GET /entity/…/gpu (${entityPods} pods)`, entityOurs, '0'],
      [
        `Kubernetes plugin objects-by-entity (${k8sPods} pods)`,
        k8s,
        k8sRequestsPerCall.toFixed(0),
      ],
    ];
    console.log(
      `${'question'.padEnd(48)}${['n', 'median', 'p95', 'max', 'cluster req']
        .map(h => h.padStart(12))
        .join('')}`,
    );
    for (const [name, s, req] of rows) {
      console.log(
        `${name.padEnd(48)}${[
          String(s.n),
          ms(s.median),
          ms(s.p95),
          ms(s.max),
          req,
        ]
          .map(v => v.padStart(12))
          .join('')}`,
      );
    }
    console.log(
      `listing per request / watch cache (medians): ${ratio.toFixed(0)}×`,
    );
    console.log(
      `CPU per GET /clusters/:cluster/gpu (this process: backend and client): ` +
        `${cpuPerRequestMs.toFixed(1)} ms; load average ${os
          .loadavg()
          .map(l => l.toFixed(1))
          .join(' ')} on ${os.cpus().length} CPUs`,
    );
    console.log(
      `steady state: ${views} page views in ${(steadyMinutes * 60).toFixed(
        0,
      )} s → ` +
        `${perMinute.toFixed(1)} cluster requests per minute besides watches` +
        `${steadyPaths ? ` (${steadyPaths})` : ''}; ${
          proxy.counts.watches
        } watch (re)opens`,
    );

    const goals = [
      [
        `GET /clusters/:cluster/gpu p95 ≤ ${GOAL_P95_MS} ms`,
        ours.p95 <= GOAL_P95_MS,
      ],
      [`≥ ${GOAL_RATIO}× faster than listing per request`, ratio >= GOAL_RATIO],
      [
        `≤ ${GOAL_PER_MINUTE} cluster requests per minute in steady state`,
        perMinute <= GOAL_PER_MINUTE,
      ],
    ];
    for (const [goal, met] of goals) {
      const missed = small ? 'not met (INFO: small run)' : 'MISSED';
      console.log(`goal ${goal}: ${met ? 'met' : missed}`);
    }
    if (!small && goals.some(([, met]) => !met)) process.exitCode = 1;
  } finally {
    cleanup.push([
      'drop the benchmark databases',
      async () => {
        const dropped = await dropDatabasesWithPrefix(dbPrefix);
        console.log(`dropped database(s) ${dropped.join(', ') || '(none)'}`);
      },
    ]);
    cleanup.push([
      'remove the config file',
      () => fs.rmSync(tmpDir, { recursive: true, force: true }),
    ]);
    for (const [what, clean] of cleanup) {
      try {
        await clean();
      } catch (error) {
        console.error(`failed to ${what}: ${error.message}`);
        process.exitCode = 2;
      }
    }
  }
}

main()
  .catch(error => {
    console.error(error.stack ?? String(error));
    process.exitCode = 1;
  })
  // a backend that failed to start can leave timers behind
  .finally(() => process.exit());
