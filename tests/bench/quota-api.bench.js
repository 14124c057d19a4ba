#!/usr/bin/env node
/* eslint-disable no-console */
/*
 * OCDP quota API benchmark: a real Backstage backend (in this process) with only the OCDP backend
 * plugin, on PostgreSQL, against 3 SIMULATED Kubernetes clusters (@ocdp/kube-sim).
 *
 *   node tests/bench/quota-api.bench.js          full size: 1,000 tenants × 3 clusters
 *   node tests/bench/quota-api.bench.js --small  100 tenants × 3 clusters (run by the test suite)
 *   --http                                       the simulators serve plain HTTP instead of HTTPS
 *
 * The simulators serve HTTPS with their own CA, which the backend trusts through the clusters'
 * `caData`, as with a real cluster: the usage reads pay for TLS unless connections are reused.
 *
 * It seeds the tenants through POST /api/ocdp/tenants (each create applies Namespace,
 * ServiceAccount, RoleBinding, ResourceQuota and LimitRange to every cluster by server-side apply),
 * then measures, at concurrency 1 (latency: median/p95/max) and at concurrency 8 (requests/s):
 *   GET /api/ocdp/tenants                 the full list, from the database
 *   GET /api/ocdp/tenants/:tenant/usage   the live ResourceQuota of the tenant on 3 clusters
 * Goals (full size; missing one fails the run, at --small they are INFO only):
 *   list median < 500 ms, usage median < 100 ms.
 *
 * PostgreSQL: $BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, or postgresql://postgres@127.0.0.1:5432.
 * The backend gets its own database (prefix ocdp_bench_<random>_), dropped at the end.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { withBenchBackend } = require('./lib/backend');
const { summarize, runLoad, seededRandom } = require('./lib/load');

const small = process.argv.includes('--small');
const tls = !process.argv.includes('--http');
const size = small
  ? { tenants: 100, listRequests: 10, usageRequests: 50 }
  : { tenants: 1000, listRequests: 50, usageRequests: 500 };
const CLUSTERS = ['c1', 'c2', 'c3'];
const CONCURRENCY = 8;
const WARMUP = 5;
const QUOTA = {
  'requests.cpu': '8',
  'requests.memory': '32Gi',
  'requests.nvidia.com/gpu': '2',
};
const GOALS = { listMedianMs: 500, usageMedianMs: 100 };

// The backend logs every request and audit event at info; keep the benchmark output readable.
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';

const tenantName = i => `t-${String(i + 1).padStart(4, '0')}`;

async function seedTenants(call) {
  const run = await runLoad({
    total: size.tenants,
    concurrency: CONCURRENCY,
    fn: async i => {
      const { json } = await call('POST', '/tenants', {
        expect: 201,
        body: {
          name: tenantName(i),
          owner: `group:default/team-${String(i + 1).padStart(4, '0')}`,
          bindings: CLUSTERS.map(cluster => ({ cluster, quota: QUOTA })),
        },
      });
      const unsynced = json.bindings.filter(b => b.syncStatus !== 'synced');
      if (json.bindings.length !== CLUSTERS.length || unsynced.length > 0) {
        throw new Error(
          `tenant ${json.name}: expected ${CLUSTERS.length} synced bindings, got ` +
            `${JSON.stringify(
              json.bindings.map(b => [b.cluster, b.syncStatus, b.lastError]),
            )}`,
        );
      }
    },
  });
  return run;
}

function checkList({ json }) {
  if (json.items.length !== size.tenants) {
    throw new Error(
      `GET /tenants returned ${json.items.length} tenants, expected ${size.tenants}`,
    );
  }
  const bindings = json.items.reduce((n, t) => n + t.bindings.length, 0);
  if (bindings !== size.tenants * CLUSTERS.length) {
    throw new Error(`GET /tenants returned ${bindings} bindings`);
  }
}

function checkUsage({ json }, tenant) {
  const live = json.bindings.filter(b => b.live && b.live.hard);
  if (json.tenant !== tenant || live.length !== CLUSTERS.length) {
    throw new Error(
      `usage of ${tenant}: expected live.hard on ${CLUSTERS.length} clusters, got ` +
        `${JSON.stringify(json).slice(0, 500)}`,
    );
  }
}

/** Warm-up, then `requests` calls at concurrency 1 (latency) and at CONCURRENCY (throughput). */
async function measure({ requests, request }) {
  for (let i = 0; i < WARMUP; i++) await request(i);
  const serial = await runLoad({
    total: requests,
    concurrency: 1,
    fn: request,
  });
  const parallel = await runLoad({
    total: requests,
    concurrency: CONCURRENCY,
    fn: request,
  });
  return {
    ...summarize(serial.latenciesMs),
    parallel: summarize(parallel.latenciesMs),
    perSecond: parallel.perSecond,
  };
}

const int = v => Math.round(v).toLocaleString('en-US');
const ms = v => v.toFixed(1);

/** One table line: the label left-aligned, the other cells right-aligned in 8 columns. */
function tableRow(label, cells) {
  return label.padEnd(48) + cells.map(c => String(c).padStart(8)).join('');
}

function printTable(rows) {
  const c = `c=${CONCURRENCY}`;
  console.log('');
  console.log(tableRow('', ['', 'c=1', 'c=1', 'c=1', c, c]));
  console.log(
    tableRow('request', ['n', 'median', 'p95', 'max', 'median', 'req/s']),
  );
  for (const [label, r] of rows) {
    console.log(
      tableRow(label, [
        r.n,
        ms(r.median),
        ms(r.p95),
        ms(r.max),
        ms(r.parallel.median),
        ms(r.perSecond),
      ]),
    );
  }
  console.log(
    '(latencies in ms; backend, load generator and the 3 simulators share one Node.js process)',
  );
}

async function runBenchmark({ call }) {
  // The bench principal is a service: with no permission policy configured, everything is allowed.
  const empty = await call('GET', '/tenants');
  if (empty.json.items.length !== 0) {
    throw new Error(
      `expected a fresh database, found ${empty.json.items.length} tenants`,
    );
  }

  console.log(
    `seeding ${int(size.tenants)} tenants × ${
      CLUSTERS.length
    } clusters (concurrency ${CONCURRENCY})…`,
  );
  const seed = await seedTenants(call);
  const seedSummary = summarize(seed.latenciesMs);
  console.log(
    `seeded ${int(size.tenants)} tenants (${int(
      size.tenants * CLUSTERS.length,
    )} bindings, ` +
      `${int(size.tenants * CLUSTERS.length * 5)} objects applied) in ${(
        seed.wallMs / 1000
      ).toFixed(2)} s ` +
      `→ ${seed.perSecond.toFixed(
        1,
      )} creates/s (create median ${seedSummary.median.toFixed(1)} ms, ` +
      `p95 ${seedSummary.p95.toFixed(1)} ms)`,
  );

  let listBytes = 0;
  const list = await measure({
    requests: size.listRequests,
    request: async () => {
      const res = await call('GET', '/tenants');
      checkList(res);
      listBytes = res.bytes;
    },
  });

  const random = seededRandom(42);
  const usage = await measure({
    requests: size.usageRequests,
    request: async () => {
      const tenant = tenantName(Math.floor(random() * size.tenants));
      checkUsage(await call('GET', `/tenants/${tenant}/usage`), tenant);
    },
  });

  printTable([
    [
      `GET /tenants (${int(size.tenants)} × ${CLUSTERS.length}, ${(
        listBytes / 1024
      ).toFixed(0)} KiB)`,
      list,
    ],
    [
      `GET /tenants/:tenant/usage (${CLUSTERS.length} clusters, ${
        tls ? 'HTTPS' : 'HTTP'
      })`,
      usage,
    ],
  ]);
  return { list, usage };
}

function printGoals({ list, usage }) {
  const goals = [
    [
      `GET /tenants median < ${GOALS.listMedianMs} ms (${list.median.toFixed(
        1,
      )} ms)`,
      list.median < GOALS.listMedianMs,
    ],
    [
      `GET /tenants/:tenant/usage median < ${
        GOALS.usageMedianMs
      } ms (${usage.median.toFixed(1)} ms)`,
      usage.median < GOALS.usageMedianMs,
    ],
  ];
  const missLabel = small ? 'INFO' : 'FAIL';
  console.log('');
  for (const [name, ok] of goals)
    console.log(`${ok ? 'PASS' : missLabel}  ${name}`);
  return goals.every(([, ok]) => ok);
}

async function main() {
  return withBenchBackend(
    {
      title: `OCDP quota API benchmark (${small ? 'small' : 'full'} size)`,
      clusters: CLUSTERS,
      tls,
    },
    async ctx => {
      const allMet = printGoals(await runBenchmark(ctx));
      return allMet || small ? 0 : 1;
    },
  );
}

main()
  .then(code => process.exit(process.exitCode || code))
  .catch(error => {
    console.error(error);
    process.exit(2);
  });
