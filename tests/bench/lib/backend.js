/*
 * A real Backstage backend with only the OCDP backend plugin, on its own PostgreSQL databases,
 * against SIMULATED clusters, for the benchmarks in tests/bench/. Everything runs in this process.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { createBackend } = require('@backstage/backend-defaults');
const {
  rootConfigServiceFactory,
} = require('@backstage/backend-defaults/rootConfig');
const { startKubeSim } = require('@ocdp/kube-sim');
const ocdpPlugin = require('@ocdp/plugin-ocdp-backend').default;
const {
  connectionString,
  checkPostgres,
  dropDatabasesWithPrefix,
} = require('./postgres');

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

function backendConfig({
  port,
  dbPrefix,
  token,
  sims,
  ocdpConfig = {},
  config = {},
}) {
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    ...config,
    backend: {
      baseUrl,
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
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: Object.entries(sims).map(([name, sim]) => ({
            name,
            url: sim.url,
            // over HTTPS the backend trusts the simulator's CA, as it would a real cluster's
            ...(sim.caCert
              ? { caData: Buffer.from(sim.caCert).toString('base64') }
              : { skipTLSVerify: true }),
            serviceAccountToken: 'simulated-token',
          })),
        },
      ],
    },
    ocdp: {
      tenants: { personalTenants: false, reconcileIntervalSeconds: 3600 },
      ...ocdpConfig,
    },
  };
}

/** A tiny JSON client for the OCDP API that fails loudly on an unexpected status. */
function apiClient(baseUrl, token) {
  return async function call(method, urlPath, { body, expect = 200 } = {}) {
    const res = await fetch(`${baseUrl}/api/ocdp${urlPath}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status !== expect) {
      throw new Error(
        `${method} ${urlPath}: expected ${expect}, got ${
          res.status
        }: ${text.slice(0, 500)}`,
      );
    }
    return {
      json: text ? JSON.parse(text) : undefined,
      bytes: Buffer.byteLength(text),
    };
  };
}

/**
 * Starts the simulators and the backend, runs `fn({ call, dbPrefix, pgVersion, sims, startedAt })`,
 * then stops everything and drops the benchmark databases, whatever happened. `simOptions[name]`
 * are extra startKubeSim options of a cluster (a scenario); `tls: true` serves every simulator
 * over HTTPS (the backend gets its CA as `caData`); `beforeBackendStart({ sims })` runs once the
 * simulators are up; `startedAt` is when the backend start began (performance.now()).
 * `startSim(name)`, when given, starts a cluster's simulator instead (e.g. in a child process) and
 * resolves to an object with its `url` and `close()`. `ocdpConfig` is merged into the `ocdp` config.
 * `features` are more backend features (plugins, modules, service factories) added next to the
 * OCDP plugin; `config` holds more top-level config sections (e.g. `catalog`), which may not
 * replace `backend`, `kubernetes` or `ocdp`. `fn` also gets the backend's `baseUrl` and the
 * static external-access `token`, to call other plugins' APIs.
 */
async function withBenchBackend(
  {
    title,
    clusters,
    simOptions = {},
    tls = false,
    beforeBackendStart,
    startSim,
    ocdpConfig,
    features = [],
    config,
  },
  fn,
) {
  const pgVersion = await checkPostgres();
  const dbPrefix = `ocdp_bench_${crypto.randomBytes(4).toString('hex')}_`;
  const token = crypto.randomBytes(24).toString('base64url');
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocdp-bench-'));
  const sims = {};
  let backend;
  const cleanup = [];
  try {
    for (const name of clusters) {
      if (startSim) {
        sims[name] = await startSim(name);
        continue;
      }
      sims[name] = await startKubeSim({
        port: 0,
        banner: false,
        tls,
        ...simOptions[name],
      });
    }
    const port = await freePort();
    const configFile = path.join(tmpDir, 'app-config.bench.yaml');
    fs.writeFileSync(
      configFile,
      JSON.stringify(
        backendConfig({ port, dbPrefix, token, sims, ocdpConfig, config }),
        null,
        2,
      ),
      { mode: 0o600 },
    );
    const schemes = [
      ...new Set(Object.values(sims).map(sim => new URL(sim.url).protocol)),
    ];
    console.log(
      `${title} — ${clusters.length} SIMULATED clusters (${schemes
        .map(scheme => scheme.replace(':', '').toUpperCase())
        .join(', ')}), PostgreSQL ${pgVersion}, ` +
        `database prefix ${dbPrefix}`,
    );
    if (beforeBackendStart) await beforeBackendStart({ sims });
    const t0 = performance.now();
    backend = createBackend();
    backend.add(
      rootConfigServiceFactory({
        argv: ['--config', configFile],
        watch: false,
      }),
    );
    backend.add(ocdpPlugin);
    for (const feature of features) backend.add(feature);
    await backend.start();
    console.log(
      `backend started in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    return await fn({
      call: apiClient(baseUrl, token),
      baseUrl,
      token,
      dbPrefix,
      pgVersion,
      sims,
      startedAt: t0,
    });
  } finally {
    if (backend) cleanup.push(['stop the backend', () => backend.stop()]);
    for (const sim of Object.values(sims)) {
      cleanup.push(['close a simulator', () => sim.close()]);
    }
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

module.exports = { withBenchBackend };
