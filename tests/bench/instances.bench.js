#!/usr/bin/env node
/* eslint-disable no-console */
/*
 * OCDP model instance benchmark, on a real backend (PostgreSQL) and the simulated demo cluster:
 *
 *  1. Deploy: `POST /api/ocdp/instances` of a one-GPU model server (pre-flight, record, server-side
 *     apply of a Flux HelmRelease), then until the simulator's helm-controller reports the
 *     HelmRelease Ready with its pod Running, as `GET /instances/:id` shows it. The steps a
 *     template run adds in front (render values, pre-flight) are measured by the pre-flight
 *     benchmark; the catalog provider's delta adds one events hop after it.
 *  2. List: `GET /api/ocdp/instances` with 1,000 instances in the database (written straight into
 *     it over 100 tenants), whole list and filtered by tenant, at concurrency 1 after a warm-up.
 *
 *   node tests/bench/instances.bench.js          full size: 10 deploys, 1,000 instances
 *   node tests/bench/instances.bench.js --small  2 deploys, 200 instances (run by the test suite)
 *
 * Goal (full size; INFO at --small): GET /instances p95 ≤ 50 ms at 1,000 instances.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const path = require('node:path');
const crypto = require('node:crypto');
const knex = require('knex');
const { withBenchBackend } = require('./lib/backend');
const { summarize } = require('./lib/load');
const { connectionString } = require('./lib/postgres');

const small = process.argv.includes('--small');
const DEPLOYS = small ? 2 : 10;
const INSTANCES = small ? 200 : 1000;
const TENANTS = 100;
const REQUESTS = small ? 30 : 300;
const WARMUP = 10;
const GOAL_LIST_P95_MS = 50;

process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';

const CHART_DIR = path.resolve(__dirname, '../../examples/charts/model-server');

const values = {
  model: { id: 'Qwen/Qwen2.5-1.5B-Instruct' },
  gpu: { resource: 'nvidia.com/gpu', count: 1 },
  resources: { requests: { cpu: '1', memory: '4Gi' } },
  cache: { size: '' },
};

async function until(what, check, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > end)
      throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 20));
  }
}

async function measureDeploys(call) {
  const times = [];
  for (let i = 0; i < DEPLOYS; i++) {
    const t0 = performance.now();
    const created = await call('POST', '/instances', {
      expect: 201,
      body: { tenant: 'bench', cluster: 'demo', name: `m${i}`, values },
    });
    const applied = performance.now() - t0;
    await until(`instance m${i} ready`, async () => {
      const { json } = await call('GET', `/instances/${created.json.id}`);
      const ready = json.live.conditions.some(
        c => c.type === 'Ready' && c.status === 'True',
      );
      return ready && json.live.pods.some(p => p.phase === 'Running');
    });
    times.push({ applied, ready: performance.now() - t0 });
    await call('DELETE', `/instances/${created.json.id}`, { expect: 204 });
  }
  return {
    applied: summarize(times.map(t => t.applied)),
    ready: summarize(times.map(t => t.ready)),
  };
}

async function seed(db) {
  const tenants = [];
  for (let t = 0; t < TENANTS; t++) {
    tenants.push({
      name: `t-${String(t).padStart(3, '0')}`,
      owner_ref: `group:default/team-${t}`,
      personal: false,
      created_by: 'user:default/bench',
    });
  }
  await db.batchInsert('ocdp_tenants', tenants, 500);
  const rows = [];
  for (let i = 0; i < INSTANCES; i++) {
    const tenant = tenants[i % TENANTS].name;
    const name = `model-${i}`;
    rows.push({
      id: crypto.randomUUID(),
      tenant_name: tenant,
      cluster: 'demo',
      namespace: tenant,
      release_name: name,
      owner_ref: 'user:default/bench',
      chart: 'model-server',
      chart_version: '0.1.0',
      profile: 'model-server',
      values: JSON.stringify({ ...values, replicaCount: 1 + (i % 3) }),
      status: 'ready',
      entity_ref: `component:default/${name}.${tenant}.demo`,
      kubernetes_id: `${name}.${tenant}.demo`,
    });
  }
  await db.batchInsert('ocdp_instances', rows, 500);
}

async function timed(request) {
  for (let i = 0; i < WARMUP; i++) await request();
  const latencies = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    bytes = (await request()).bytes;
    latencies.push(performance.now() - t0);
  }
  return { ...summarize(latencies), bytes };
}

const ms = v => v.toFixed(1);

async function main() {
  await withBenchBackend(
    {
      title: 'OCDP instances benchmark',
      clusters: ['demo'],
      simOptions: { demo: { scenario: 'demo' } },
      ocdpConfig: {
        charts: {
          'model-server': {
            directory: CHART_DIR,
            source: {
              kind: 'HelmRepository',
              name: 'ocdp-charts',
              namespace: 'flux-system',
            },
          },
        },
      },
    },
    async ({ call, dbPrefix }) => {
      await call('POST', '/tenants', {
        expect: 201,
        body: {
          name: 'bench',
          owner: 'group:default/bench',
          bindings: [
            {
              cluster: 'demo',
              namespace: 'bench',
              quota: { 'requests.nvidia.com/gpu': '4', pods: '20' },
            },
          ],
        },
      });
      const deploys = await measureDeploys(call);

      const url = new URL(connectionString());
      url.pathname = `/${dbPrefix}ocdp`;
      const db = knex({ client: 'pg', connection: url.href });
      try {
        await seed(db);
      } finally {
        await db.destroy();
      }
      const all = await timed(async () => {
        const res = await call('GET', '/instances');
        if (res.json.items.length !== INSTANCES) {
          throw new Error(`listed ${res.json.items.length} of ${INSTANCES}`);
        }
        return res;
      });
      const one = await timed(async () => {
        const res = await call('GET', '/instances?tenant=t-007');
        if (res.json.items.length !== INSTANCES / TENANTS) {
          throw new Error(`tenant filter listed ${res.json.items.length}`);
        }
        return res;
      });

      console.log('');
      console.log(
        `deploy (n=${DEPLOYS}): POST answered median ${ms(
          deploys.applied.median,
        )} ms, p95 ${ms(
          deploys.applied.p95,
        )} ms; HelmRelease Ready with a Running pod median ${ms(
          deploys.ready.median,
        )} ms, p95 ${ms(deploys.ready.p95)} ms`,
      );
      console.log(
        `GET /instances, ${INSTANCES} instances: median ${ms(
          all.median,
        )} ms, p95 ${ms(all.p95)} ms, ${(all.bytes / 1024).toFixed(0)} KiB`,
      );
      console.log(
        `GET /instances?tenant=…, ${
          INSTANCES / TENANTS
        } of ${INSTANCES}: median ${ms(one.median)} ms, p95 ${ms(one.p95)} ms`,
      );
      const met = all.p95 <= GOAL_LIST_P95_MS;
      let verdict = met ? 'PASS' : 'FAIL';
      if (small) verdict = 'INFO';
      console.log(
        `${verdict} GET /instances p95 ≤ ${GOAL_LIST_P95_MS} ms at ${INSTANCES} instances: ${ms(
          all.p95,
        )} ms`,
      );
      if (!small && !met) process.exitCode = 1;
    },
  );
}

// the backend's timers (scheduler, caches) keep the process alive: exit once measured
main()
  .then(() => process.exit(process.exitCode ?? 0))
  .catch(error => {
    console.error(error);
    process.exit(2);
  });
