#!/usr/bin/env node
/* eslint-disable no-console */
/*
 * OCDP tenant list benchmark: the paged `GET /api/ocdp/tenants` of a real backend on PostgreSQL,
 * at 1,000 and 10,000 tenants × 3 clusters, next to the unpaged list in the same run.
 *
 *   node tests/bench/tenant-list.bench.js          full size: 1,000 then 10,000 tenants
 *   node tests/bench/tenant-list.bench.js --small  100 then 500 tenants (run by the test suite)
 *
 * The tenants are written straight into the plugin's database (the list reads only the
 * database; seeding 10,000 tenants through the API would apply 150,000 objects to the clusters).
 * They are marked synced, and the reconcile interval is an hour, so nothing touches the clusters
 * while the list is measured. At each size, at concurrency 1 after a warm-up:
 *   first page of 50, a page of 50 deep in the list (by cursor), a search (`q`), a cluster filter,
 *   walking every page of 50, and the whole list without `limit`.
 * Goal (full size, 10,000 tenants; missing it fails the run, at --small it is INFO only):
 *   a page of 50: p95 ≤ 20 ms.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const knex = require('knex');
const { withBenchBackend } = require('./lib/backend');
const { summarize } = require('./lib/load');
const { connectionString } = require('./lib/postgres');

const small = process.argv.includes('--small');
const SIZES = small ? [100, 500] : [1000, 10000];
const CLUSTERS = ['c1', 'c2', 'c3'];
const PAGE = 50;
const REQUESTS = small ? 20 : 200;
const WARMUP = 10;
const GOAL_PAGE_P95_MS = 20;
const QUOTA = JSON.stringify({
  'requests.cpu': '8',
  'requests.memory': '32Gi',
  'requests.nvidia.com/gpu': '2',
  'requests.nvidia.com/gpumem': '0',
});

process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';

const tenantName = i => `t-${String(i + 1).padStart(5, '0')}`;

/** Adds tenants `from`..`to - 1`, bound to every cluster, straight into the database. */
async function seed(db, from, to) {
  const tenants = [];
  const bindings = [];
  for (let i = from; i < to; i++) {
    const name = tenantName(i);
    tenants.push({
      name,
      owner_ref: `group:default/team-${String(i % 500).padStart(3, '0')}`,
      personal: false,
      created_by: 'user:default/bench',
    });
    for (const cluster of CLUSTERS) {
      bindings.push({
        tenant_name: name,
        cluster,
        namespace: name,
        quota: QUOTA,
        sync_status: 'synced',
        version: 1,
      });
    }
  }
  await db.batchInsert('ocdp_tenants', tenants, 1000);
  await db.batchInsert('ocdp_tenant_bindings', bindings, 1000);
}

/**
 * Resolves once the scheduler has run the first reconcile pass (on the empty database) and set
 * the next one an interval away, so no pass runs while the list is measured.
 */
async function firstReconcileDone(db) {
  for (let i = 0; i < 600; i++) {
    const task = await db('backstage_backend_tasks__tasks')
      .where({ id: 'ocdp-tenant-reconcile' })
      .first()
      .catch(() => undefined);
    if (
      task?.next_run_start_at &&
      !task.current_run_ticket &&
      new Date(task.next_run_start_at).getTime() > Date.now() + 60_000
    ) {
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error('the first reconcile pass did not finish within 60 s');
}

async function timed(requests, request) {
  for (let i = 0; i < Math.min(WARMUP, requests); i++) await request(i);
  const latencies = [];
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    bytes = (await request(i)).bytes;
    latencies.push(performance.now() - t0);
  }
  return { ...summarize(latencies), bytes };
}

function expectPage(res, expected) {
  const { items, totalCount } = res.json;
  if (items.length !== expected.length || totalCount !== expected.total) {
    throw new Error(
      `expected ${expected.length} of ${expected.total} tenants, got ${items.length} of ${totalCount}`,
    );
  }
  if (items.some(t => t.bindings.length !== CLUSTERS.length)) {
    throw new Error('a tenant came back without its bindings');
  }
  return res;
}

async function measureSize(call, size) {
  const first = await call('GET', `/tenants?limit=${PAGE}`);
  // a cursor deep in the list: walk to the page that starts at 90 % of the tenants
  let deepCursor = first.json.nextCursor;
  const walk = { pages: 1, t0: performance.now() };
  let cursor = first.json.nextCursor;
  while (cursor) {
    const page = await call('GET', `/tenants?limit=${PAGE}&cursor=${cursor}`);
    walk.pages++;
    if (walk.pages * PAGE <= size * 0.9) deepCursor = page.json.nextCursor;
    cursor = page.json.nextCursor;
  }
  const walkMs = performance.now() - walk.t0;
  if (walk.pages !== Math.ceil(size / PAGE)) {
    throw new Error(`walked ${walk.pages} pages for ${size} tenants`);
  }

  const rows = [];
  rows.push([
    `first page of ${PAGE}`,
    await timed(REQUESTS, async () =>
      expectPage(await call('GET', `/tenants?limit=${PAGE}`), {
        length: PAGE,
        total: size,
      }),
    ),
  ]);
  rows.push([
    `page of ${PAGE} at 90 % (cursor)`,
    await timed(REQUESTS, async () =>
      expectPage(
        await call('GET', `/tenants?limit=${PAGE}&cursor=${deepCursor}`),
        { length: PAGE, total: size },
      ),
    ),
  ]);
  // "team-007" owns every 500th tenant
  const owned = Math.ceil((size - 7) / 500);
  rows.push([
    `search q=team-007 (${owned} match)`,
    await timed(REQUESTS, async () =>
      expectPage(await call('GET', `/tenants?limit=${PAGE}&q=team-007`), {
        length: Math.min(PAGE, owned),
        total: owned,
      }),
    ),
  ]);
  rows.push([
    `cluster=c2, page of ${PAGE}`,
    await timed(REQUESTS, async () =>
      expectPage(await call('GET', `/tenants?limit=${PAGE}&cluster=c2`), {
        length: PAGE,
        total: size,
      }),
    ),
  ]);
  rows.push([
    'whole list, no limit',
    await timed(small ? 5 : 10, async () =>
      expectPage(await call('GET', '/tenants'), { length: size, total: size }),
    ),
  ]);
  return { rows, walkMs, pages: walk.pages };
}

const ms = v => v.toFixed(1);

function printRows(size, { rows, walkMs, pages }) {
  console.log('');
  console.log(
    `${size.toLocaleString('en-US')} tenants × ${CLUSTERS.length} clusters`,
  );
  console.log(
    `${'request'.padEnd(36)}${['n', 'median', 'p95', 'max', 'KiB']
      .map(c => c.padStart(9))
      .join('')}`,
  );
  for (const [label, r] of rows) {
    console.log(
      `${label.padEnd(36)}${[
        r.n,
        ms(r.median),
        ms(r.p95),
        ms(r.max),
        (r.bytes / 1024).toFixed(0),
      ]
        .map(c => String(c).padStart(9))
        .join('')}`,
    );
  }
  console.log(
    `walking all ${pages} pages of ${PAGE}: ${ms(walkMs)} ms (${ms(
      walkMs / pages,
    )} ms a page)`,
  );
}

async function main() {
  return withBenchBackend(
    {
      title: `OCDP tenant list benchmark (${small ? 'small' : 'full'} size)`,
      clusters: CLUSTERS,
    },
    async ({ call, dbPrefix }) => {
      const url = new URL(connectionString());
      url.pathname = `/${dbPrefix}ocdp`;
      const db = knex({ client: 'pg', connection: url.href });
      const results = [];
      try {
        await firstReconcileDone(db);
        let seeded = 0;
        for (const size of SIZES) {
          const t0 = performance.now();
          await seed(db, seeded, size);
          seeded = size;
          console.log(
            `seeded ${size.toLocaleString(
              'en-US',
            )} tenants in the database in ${ms(performance.now() - t0)} ms`,
          );
          const result = await measureSize(call, size);
          printRows(size, result);
          results.push({ size, result });
        }
      } finally {
        await db.destroy();
      }
      const largest = results[results.length - 1];
      const p95 = largest.result.rows[0][1].p95;
      const met = p95 <= GOAL_PAGE_P95_MS;
      const missed = small ? 'INFO' : 'FAIL';
      console.log('');
      console.log(
        `${
          met ? 'PASS' : missed
        }  page of ${PAGE} at ${largest.size.toLocaleString(
          'en-US',
        )} tenants: p95 ≤ ${GOAL_PAGE_P95_MS} ms (${ms(p95)} ms)`,
      );
      console.log(
        '(latencies in ms at concurrency 1; backend and load generator share one Node.js process)',
      );
      return met || small ? 0 : 1;
    },
  );
}

main()
  .then(code => process.exit(process.exitCode || code))
  .catch(error => {
    console.error(error);
    process.exit(2);
  });
