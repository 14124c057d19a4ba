import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.dirname(require.resolve('../../../package.json'));

const BACKSTAGE_NODE_TRANSFORM = path.join(
  repoRoot,
  'node_modules',
  '@backstage',
  'cli-node',
  'config',
  'nodeTransform.cjs',
);

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPortal {
  baseUrl: string;
  logs(): string;
  stop(): Promise<void>;
}

/** The two clusters of app-config.yaml, configured here when a simulator serves plain HTTP. */
function clustersWithPlainHttp(options: {
  demoClusterPort: number;
  labClusterPort: number;
  demoClusterCaCert?: string;
  labClusterCaCert?: string;
}): string[] {
  const cluster = (name: string, title: string, port: number, ca?: string) => [
    `        - name: ${name}`,
    `          title: ${title}`,
    `          url: ${ca ? 'https' : 'http'}://127.0.0.1:${port}`,
    '          authProvider: serviceAccount',
    '          serviceAccountToken: simulated-token',
    ca
      ? `          caData: ${Buffer.from(ca).toString('base64')}`
      : '          skipTLSVerify: true',
  ];
  return [
    'kubernetes:',
    '  clusterLocatorMethods:',
    '    - type: config',
    '      clusters:',
    ...cluster(
      'demo',
      'Demo GPU cluster (simulated)',
      options.demoClusterPort,
      options.demoClusterCaCert,
    ),
    ...cluster(
      'lab',
      'Lab GPU cluster (simulated)',
      options.labClusterPort,
      options.labClusterCaCert,
    ),
  ];
}

/**
 * Starts the real backend (with the app served by app-backend from packages/app/dist, which must be
 * built) on a free port, pointing the `demo` and `lab` clusters at the given simulators.
 *
 * Simulators started with `tls: true` are reached over HTTPS exactly as app-config.yaml says:
 * pass their `caCert` as `demoClusterCaCert` / `labClusterCaCert`, and the portal gets it as
 * `caData` through the environment, like `npm start` does. A simulator given without its CA is
 * taken to serve plain HTTP, and both clusters are then configured here (`skipTLSVerify`).
 */
export async function startPortal(options: {
  demoClusterPort: number;
  labClusterPort: number;
  /** PEM of the demo simulator's CA when it serves HTTPS (`sim.caCert`). */
  demoClusterCaCert?: string;
  /** PEM of the lab simulator's CA when it serves HTTPS (`sim.caCert`). */
  labClusterCaCert?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Where the SQLite files live; a fresh temporary folder unless given. */
  dataDir?: string;
}): Promise<RunningPortal> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocdp-e2e-'));
  const configFile = path.join(configDir, 'app-config.e2e.yaml');
  const allHttps = Boolean(
    options.demoClusterCaCert && options.labClusterCaCert,
  );
  fs.writeFileSync(
    configFile,
    [
      'app:',
      `  baseUrl: ${baseUrl}`,
      'backend:',
      `  baseUrl: ${baseUrl}`,
      '  listen:',
      `    port: ${port}`,
      '  cors:',
      `    origin: ${baseUrl}`,
      '  database:',
      '    connection:',
      `      directory: ${options.dataDir ?? path.join(configDir, 'sqlite')}`,
      ...(allHttps ? [] : clustersWithPlainHttp(options)),
    ].join('\n'),
  );
  const caEnv: Record<string, string> = {};
  if (options.demoClusterCaCert) {
    caEnv.OCDP_SIM_CA_DATA = Buffer.from(options.demoClusterCaCert).toString(
      'base64',
    );
  }
  if (options.labClusterCaCert) {
    caEnv.OCDP_SIM_LAB_CA_DATA = Buffer.from(options.labClusterCaCert).toString(
      'base64',
    );
  }
  const backendDir = path.join(repoRoot, 'packages', 'backend');
  // The backend runs as `backstage-cli package start` runs it (TypeScript through Backstage's
  // node transform), but without its file watcher: edits to the checkout while a test runs must
  // not restart the portal under test.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      BACKSTAGE_NODE_TRANSFORM,
      'src/index',
      '--config',
      '../../app-config.yaml',
      '--config',
      configFile,
    ],
    {
      cwd: backendDir,
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: process.env.NODE_ENV ?? 'development',
        ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
        OCDP_SIM_PORT: String(options.demoClusterPort),
        OCDP_SIM_LAB_PORT: String(options.labClusterPort),
        ...caEnv,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', d => (output += d));
  child.stderr?.on('data', d => (output += d));

  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };

  const ready = await waitForReadiness(
    `${baseUrl}/.backstage/health/v1/readiness`,
    () => child.exitCode !== null,
    options.timeoutMs ?? 240_000,
  );
  if (ready) return { baseUrl, logs: () => output, stop };
  if (child.exitCode !== null) {
    throw new Error(`backend exited with ${child.exitCode}:\n${output}`);
  }
  await stop();
  throw new Error(`backend did not become ready in time:\n${output}`);
}

async function waitForReadiness(
  url: string,
  hasExited: () => boolean,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !hasExited()) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  return false;
}

/** A Backstage token for the guest user, as the sign-in page would get it. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest refresh failed: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/**
 * Waits until the catalog has ingested an entity; the first processing pass over the example
 * locations can take a while on a busy machine.
 */
export async function waitForCatalogEntity(
  baseUrl: string,
  ref: { kind: string; name: string; namespace?: string },
  timeoutMs = 180_000,
): Promise<void> {
  const url = `${baseUrl}/api/catalog/entities/by-name/${ref.kind}/${
    ref.namespace ?? 'default'
  }/${ref.name}`;
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${await guestToken(baseUrl)}` },
    });
    last = res.status;
    if (res.ok) return;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `catalog entity ${ref.kind}:${ref.name} not ingested after ${timeoutMs} ms (last status ${last})`,
  );
}
