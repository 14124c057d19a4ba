/* `npm start`: install if needed, start the SIMULATED demo clusters, then the Backstage backend and app. */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const {
  root,
  ensureInstalled,
  ensureDebianBinary,
  canConnect,
  fail,
} = require('./setup');

/**
 * The simulated clusters serve HTTPS like real API servers. Each keeps its CA in
 * `.ocdp-data/tls/<name>/ca.crt` (made on first start, so kubeconfigs and configs that pin it
 * survive restarts) and writes a kubeconfig with that CA to `.ocdp-data/<name>.kubeconfig`. The
 * portal's config gets the CA, base64-encoded, through `caEnv` (app-config.yaml: `caData`).
 */
const SIMULATORS = [
  {
    name: 'demo',
    port: Number(process.env.OCDP_SIM_PORT ?? 6443),
    caEnv: 'OCDP_SIM_CA_DATA',
  },
  {
    name: 'lab',
    port: Number(process.env.OCDP_SIM_LAB_PORT ?? 6444),
    caEnv: 'OCDP_SIM_LAB_CA_DATA',
  },
];

const SIM_START_TIMEOUT_MS = 120_000;
const simDataDir = path.join(root, '.ocdp-data');

async function waitForListening(sim, child) {
  const deadline = Date.now() + SIM_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      fail(`the "${sim.name}" simulator exited with code ${child.exitCode}`);
    }
    if (await canConnect('127.0.0.1', sim.port)) return;
    await new Promise(r => setTimeout(r, 250));
  }
  fail(`the "${sim.name}" simulator did not listen on port ${sim.port}`);
}

/** base64 of the simulator's CA certificate, as `caData` / `certificate-authority-data` hold it. */
function caData(tlsDir) {
  const file = path.join(tlsDir, 'ca.crt');
  return fs.existsSync(file)
    ? fs.readFileSync(file).toString('base64')
    : undefined;
}

const PROMETHEUS_PORT = Number(process.env.OCDP_PROMETHEUS_PORT ?? 9090);

/**
 * A real Prometheus (Debian's) scraping the simulated clusters' DCGM exporters over HTTPS, each
 * target labelled with its cluster, as a ServiceMonitor would label the exporter's pod. Missing
 * and not root: the portal runs with GPU allocation only.
 */
async function startPrometheus(children) {
  const binary = ensureDebianBinary('prometheus', 'prometheus', {
    optional: true,
  });
  if (!binary) return undefined;
  const url = `http://127.0.0.1:${PROMETHEUS_PORT}`;
  if (await canConnect('127.0.0.1', PROMETHEUS_PORT)) {
    console.log(
      `› port ${PROMETHEUS_PORT} already answers; using it as Prometheus`,
    );
    return url;
  }
  const dir = path.join(simDataDir, 'prometheus');
  fs.mkdirSync(dir, { recursive: true });
  const jobs = SIMULATORS.flatMap(sim => [
    `  - job_name: dcgm-exporter-${sim.name}`,
    '    scheme: https',
    '    tls_config:',
    `      ca_file: ${path.join(simDataDir, 'tls', sim.name, 'ca.crt')}`,
    '    static_configs:',
    `      - targets: ['127.0.0.1:${sim.port}']`,
    '        labels:',
    `          cluster: ${sim.name}`,
    '          namespace: gpu-operator',
    `          pod: dcgm-exporter-${sim.name}`,
  ]);
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 5s',
      '  evaluation_interval: 5s',
      'scrape_configs:',
      ...jobs,
      '',
    ].join('\n'),
  );
  const child = spawn(
    binary,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      '--storage.tsdb.retention.time=2d',
      `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
      '--log.level=warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  children.push(child);
  const deadline = Date.now() + 30_000;
  while (!(await canConnect('127.0.0.1', PROMETHEUS_PORT))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      console.warn(
        '› Prometheus did not start; the portal shows GPU allocation only',
      );
      return undefined;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  console.log(
    `› Prometheus at ${url} scrapes the simulated DCGM exporters (GPU utilization)`,
  );
  return url;
}

async function main() {
  ensureInstalled();
  const children = [];
  const stopAll = () => children.forEach(child => child.kill('SIGTERM'));
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);

  const kubeSim = path.join(root, 'node_modules', '.bin', 'kube-sim');
  const clusterEnv = {};
  for (const sim of SIMULATORS) {
    const tlsDir = path.join(simDataDir, 'tls', sim.name);
    const kubeconfig = path.join(simDataDir, `${sim.name}.kubeconfig`);
    if (await canConnect('127.0.0.1', sim.port)) {
      console.log(
        `› port ${sim.port} already answers; using it as the "${sim.name}" cluster (HTTPS, CA from ${tlsDir}/ca.crt or ${sim.caEnv})`,
      );
    } else {
      const child = spawn(
        kubeSim,
        [
          '--port',
          String(sim.port),
          '--scenario',
          'demo',
          '--tls-dir',
          tlsDir,
          '--kubeconfig',
          kubeconfig,
        ],
        { cwd: root, stdio: 'inherit' },
      );
      children.push(child);
      await waitForListening(sim, child);
    }
    const ca = process.env[sim.caEnv] ?? caData(tlsDir);
    if (ca) clusterEnv[sim.caEnv] = ca;
    else
      console.warn(
        `› no CA for the "${sim.name}" cluster (${tlsDir}/ca.crt is missing and ${sim.caEnv} is not set): the portal will not trust it`,
      );
  }
  const prometheusUrl = await startPrometheus(children);
  if (prometheusUrl) clusterEnv.OCDP_PROMETHEUS_URL = prometheusUrl;

  const demoKubeconfig = path.join(simDataDir, 'demo.kubeconfig');
  if (fs.existsSync(demoKubeconfig)) {
    console.log(
      `› kubectl: export KUBECONFIG=${demoKubeconfig} (the SIMULATED demo cluster, HTTPS)`,
    );
  }

  const dataDir =
    process.env.OCDP_DATA_DIR ?? path.join(root, '.ocdp-data', 'sqlite');
  fs.mkdirSync(dataDir, { recursive: true });
  console.log(
    `› The portal keeps its data in ${dataDir} (delete that folder to start over)`,
  );

  const backstageCli = path.join(root, 'node_modules', '.bin', 'backstage-cli');
  const portal = spawn(backstageCli, ['repo', 'start'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...clusterEnv, OCDP_DATA_DIR: dataDir },
  });
  children.push(portal);
  portal.on('exit', code => {
    stopAll();
    process.exit(code ?? 0);
  });
}

main().catch(error => fail(error.stack ?? String(error)));
