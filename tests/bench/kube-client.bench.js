#!/usr/bin/env node
/* eslint-disable no-console */
/*
 * Kubernetes client benchmark: the backend's live reads against a SIMULATED API server
 * (@ocdp/kube-sim) over HTTPS (a generated CA, trusted through the kubeconfig's CA data), with
 *   client-node 1.4.0             (node-fetch, a new https.Agent per call)
 *   client-node 2.0.1 as shipped  (undici, a new Agent per call when the cluster has a CA)
 *   client-node 2.0.1 + ocdp-node (the backend's client: one pooled Agent per cluster)
 * in alternating rounds in one process. Each client is made once (KubeConfig and API objects).
 *
 *   node tests/bench/kube-client.bench.js          full size: 6 rounds × 200 reads per client
 *   node tests/bench/kube-client.bench.js --small  2 rounds × 20 reads (run by the test suite)
 *
 * Reads, as the backend makes them:
 *   pre-flight  NamespaceReader: ResourceQuotas, LimitRanges, the release's Deployments and
 *               StatefulSets of one namespace, 4 LISTs in parallel
 *   usage       TenantClusterSync.readQuota: one GET of the tenant's ResourceQuota
 * at concurrency 1 (latency: median/p95) and 8, and the TCP connections the simulator accepted
 * per 100 API calls (counted on its listening socket through node:diagnostics_channel).
 * The clients' pools are shared by both patterns and concurrencies, so a block's count is the
 * connections it needed beyond those already open; the totals per client say how much is reused.
 * Goals (full size; missing one fails the run, at --small they are INFO only): the backend's client
 * opens < 5 connections per 100 API calls in all, and its pre-flight and usage medians (c=1) are
 * not slower than client-node 1.4.0's.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const diagnostics = require('node:diagnostics_channel');
const { startKubeSim } = require('@ocdp/kube-sim');
const { DefaultOcdpClustersService } = require('@ocdp/plugin-ocdp-node');
const { summarize, runLoad } = require('./lib/load');

const small = process.argv.includes('--small');
const size = small ? { rounds: 2, reads: 20 } : { rounds: 6, reads: 200 };
const CONCURRENCY = 8;
const NAMESPACE = 'team-a';
const RELEASE = 'llama';
const GOALS = { connectionsPer100: 5 };

function scenario() {
  const labels = { 'app.kubernetes.io/instance': RELEASE };
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'gpu-1' },
      status: {
        capacity: { cpu: '64', memory: '512Gi', 'nvidia.com/gpu': '8' },
        allocatable: { cpu: '64', memory: '512Gi', 'nvidia.com/gpu': '8' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'ocdp-quota', namespace: NAMESPACE },
      spec: {
        hard: {
          'requests.cpu': '32',
          'requests.memory': '128Gi',
          'requests.nvidia.com/gpu': '4',
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'ocdp-defaults', namespace: NAMESPACE },
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '1', memory: '1Gi' },
            defaultRequest: { cpu: '500m', memory: '512Mi' },
          },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: RELEASE, namespace: NAMESPACE, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'server',
                image: 'vllm/vllm-openai',
                resources: {
                  requests: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' },
                  limits: { 'nvidia.com/gpu': '1' },
                },
              },
            ],
          },
        },
      },
    },
  ];
  return { objects };
}

/** The backend's two read patterns on one client's API objects; returns the API calls made. */
function readers({ core, apps }) {
  return {
    'pre-flight': async () => {
      const labelSelector = `app.kubernetes.io/instance=${RELEASE}`;
      const [quotas, limitRanges, deployments] = await Promise.all([
        core.listNamespacedResourceQuota({ namespace: NAMESPACE }),
        core.listNamespacedLimitRange({ namespace: NAMESPACE }),
        apps.listNamespacedDeployment({ namespace: NAMESPACE, labelSelector }),
        apps.listNamespacedStatefulSet({ namespace: NAMESPACE, labelSelector }),
      ]);
      if (
        quotas.items.length !== 1 ||
        limitRanges.items.length !== 1 ||
        deployments.items.length !== 1
      ) {
        throw new Error('pre-flight read: unexpected objects');
      }
      return 4;
    },
    usage: async () => {
      const quota = await core.readNamespacedResourceQuota({
        name: 'ocdp-quota',
        namespace: NAMESPACE,
      });
      if (!quota.spec?.hard?.['requests.cpu']) {
        throw new Error('usage read: quota without requests.cpu');
      }
      return 1;
    },
  };
}

async function makeClients(sim) {
  const v1 = await import('client-node-1');
  const v2 = await import('@kubernetes/client-node');
  const fromKubeconfig = k8s => {
    const kc = new k8s.KubeConfig();
    kc.loadFromString(sim.kubeConfig());
    return {
      core: kc.makeApiClient(k8s.CoreV1Api),
      apps: kc.makeApiClient(k8s.AppsV1Api),
    };
  };
  const kubeconfig = sim.kubeConfigObject();
  const clusters = new DefaultOcdpClustersService([
    {
      name: 'bench',
      title: 'bench',
      url: sim.url,
      caData: kubeconfig.clusters[0].cluster['certificate-authority-data'],
      skipTLSVerify: false,
      serviceAccountToken: kubeconfig.users[0].user.token,
      entityRef: 'resource:default/bench',
    },
  ]);
  return {
    clients: [
      ['client-node 1.4.0', fromKubeconfig(v1)],
      ['client-node 2.0.1 as shipped', fromKubeconfig(v2)],
      [
        'client-node 2.0.1 + ocdp-node',
        {
          core: clusters.api('bench', v2.CoreV1Api),
          apps: clusters.api('bench', v2.AppsV1Api),
        },
      ],
    ],
    close: () => clusters.close(),
  };
}

/** Counts the TCP connections a server in this process accepts on `port`. */
function connectionCounter(port) {
  let count = 0;
  const onSocket = ({ socket }) => {
    if (socket.localPort === port) count++;
  };
  diagnostics.subscribe('net.server.socket', onSocket);
  return {
    count: () => count,
    stop: () => diagnostics.unsubscribe('net.server.socket', onSocket),
  };
}

const ms = v => v.toFixed(2);

function tableRow(label, cells) {
  return label.padEnd(42) + cells.map(c => String(c).padStart(9)).join('');
}

async function main() {
  const sim = await startKubeSim({
    port: 0,
    tls: true,
    banner: false,
    scenario: scenario(),
  });
  const connections = connectionCounter(Number(new URL(sim.url).port));
  const { clients, close } = await makeClients(sim);
  try {
    await sim.settle();
    console.log(
      `Kubernetes client benchmark (${
        small ? 'small' : 'full'
      } size): SIMULATED API server over ` +
        `${new URL(sim.url).protocol
          .replace(':', '')
          .toUpperCase()} (CA from the kubeconfig), ` +
        `${size.rounds} alternating rounds × ${size.reads} reads per client, pattern and concurrency`,
    );
    const results = new Map();
    const slot = key => {
      if (!results.has(key))
        results.set(key, {
          latencies: [],
          calls: 0,
          connections: 0,
          wallMs: 0,
        });
      return results.get(key);
    };
    for (const [, api] of clients) {
      for (const read of Object.values(readers(api))) await read(); // warm-up
    }
    for (let round = 0; round < size.rounds; round++) {
      // rotate the order each round, so no client always runs first or last
      const order = clients.map(
        (_, i) => clients[(i + round) % clients.length],
      );
      for (const [name, api] of order) {
        for (const [pattern, read] of Object.entries(readers(api))) {
          for (const concurrency of [1, CONCURRENCY]) {
            const s = slot(`${name}|${pattern}|${concurrency}`);
            const before = connections.count();
            const run = await runLoad({
              total: size.reads,
              concurrency,
              fn: async () => {
                const calls = await read();
                s.calls += calls;
              },
            });
            s.connections += connections.count() - before;
            s.latencies.push(...run.latenciesMs);
            s.wallMs += run.wallMs;
          }
        }
      }
    }

    const summary = {};
    console.log('');
    console.log(
      tableRow('', [
        '',
        'c=1',
        'c=1',
        'c=1',
        `c=${CONCURRENCY}`,
        `c=${CONCURRENCY}`,
      ]),
    );
    console.log(
      tableRow('client / read', [
        'n',
        'median',
        'p95',
        'conn/100',
        'reads/s',
        'conn/100',
      ]),
    );
    for (const [name] of clients) {
      for (const pattern of ['pre-flight', 'usage']) {
        const serial = slot(`${name}|${pattern}|1`);
        const parallel = slot(`${name}|${pattern}|${CONCURRENCY}`);
        const lat = summarize(serial.latencies);
        const per100 = s => (s.connections / s.calls) * 100;
        summary[`${name}|${pattern}`] = lat;
        console.log(
          tableRow(`${name}: ${pattern}`, [
            lat.n,
            ms(lat.median),
            ms(lat.p95),
            per100(serial).toFixed(1),
            ((parallel.latencies.length / parallel.wallMs) * 1000).toFixed(0),
            per100(parallel).toFixed(1),
          ]),
        );
      }
    }
    console.log(
      '(latency of one read in ms — pre-flight is 4 API calls in parallel, usage 1; conn/100: TCP ' +
        'connections the API server accepted per 100 API calls; client and simulator share one Node.js process)',
    );

    const ours = 'client-node 2.0.1 + ocdp-node';
    const old = 'client-node 1.4.0';
    const shipped = 'client-node 2.0.1 as shipped';
    console.log('');
    for (const pattern of ['pre-flight', 'usage']) {
      const a = summary[`${ours}|${pattern}`];
      const b = summary[`${old}|${pattern}`];
      const c = summary[`${shipped}|${pattern}`];
      console.log(
        `${pattern}: ocdp-node median ${ms(a.median)} ms = ${(
          a.median / b.median
        ).toFixed(2)}× of 1.4.0 ` +
          `(${ms(b.median)} ms), ${(a.median / c.median).toFixed(
            2,
          )}× of 2.0.1 as shipped (${ms(c.median)} ms); ` +
          `p95 ${ms(a.p95)} vs ${ms(b.p95)} vs ${ms(c.p95)} ms`,
      );
    }
    console.log('');
    const totals = {};
    for (const [name] of clients) {
      const all = [...results]
        .filter(([key]) => key.startsWith(`${name}|`))
        .map(([, r]) => r);
      const calls = all.reduce((n, r) => n + r.calls, 0);
      const opened = all.reduce((n, r) => n + r.connections, 0);
      totals[name] = (opened / calls) * 100;
      console.log(
        `${name}: ${opened.toLocaleString('en-US')} TCP connections for ` +
          `${calls.toLocaleString('en-US')} API calls (${totals[name].toFixed(
            1,
          )} per 100)`,
      );
    }
    const goals = [
      [
        `ocdp-node opens < ${GOALS.connectionsPer100} connections per 100 API calls ` +
          `(${totals[ours].toFixed(1)})`,
        totals[ours] < GOALS.connectionsPer100,
      ],
    ];
    for (const pattern of ['pre-flight', 'usage']) {
      const a = summary[`${ours}|${pattern}`];
      const b = summary[`${old}|${pattern}`];
      goals.push([
        `${pattern}: ocdp-node median not slower than client-node 1.4.0 ` +
          `(${ms(a.median)} vs ${ms(b.median)} ms)`,
        a.median <= b.median,
      ]);
    }
    const missLabel = small ? 'INFO' : 'FAIL';
    console.log('');
    for (const [goal, ok] of goals)
      console.log(`${ok ? 'PASS' : missLabel}  ${goal}`);
    return goals.every(([, ok]) => ok) || small ? 0 : 1;
  } finally {
    connections.stop();
    await close();
    await sim.close();
  }
}

main()
  .then(code => process.exit(process.exitCode || code))
  .catch(error => {
    console.error(error);
    process.exit(2);
  });
