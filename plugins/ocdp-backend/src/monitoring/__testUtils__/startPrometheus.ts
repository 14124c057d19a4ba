import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The Prometheus binary: `OCDP_PROMETHEUS_PATH`, or Debian's. Throws when there is none. */
export function prometheusBinary(): string {
  const candidates = [
    process.env.OCDP_PROMETHEUS_PATH,
    '/usr/bin/prometheus',
    '/usr/local/bin/prometheus',
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find(p => fs.existsSync(p));
  if (!found) {
    throw new Error(
      'prometheus is required by this test and missing: install it (as root: apt-get install -y prometheus; `npm test` does it) or set OCDP_PROMETHEUS_PATH',
    );
  }
  return found;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPrometheus {
  url: string;
  /** Starts scraping; the target is known only once the simulator runs. */
  start(scrape: {
    target: string;
    intervalSeconds: number;
    labels?: Record<string, string>;
  }): Promise<void>;
  stop(): Promise<void>;
}

/** A real Prometheus on a free port, with its data in a temporary directory. */
export async function preparePrometheus(): Promise<RunningPrometheus> {
  const binary = prometheusBinary();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocdp-prometheus-'));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  return {
    url,
    async start({ target, intervalSeconds, labels }) {
      const config = [
        'global:',
        `  scrape_interval: ${intervalSeconds}s`,
        `  evaluation_interval: ${intervalSeconds}s`,
        'scrape_configs:',
        '  - job_name: dcgm-exporter',
        '    static_configs:',
        `      - targets: ['${target}']`,
        ...(labels
          ? [
              '        labels:',
              ...Object.entries(labels).map(
                ([k, v]) => `          ${k}: '${v}'`,
              ),
            ]
          : []),
      ].join('\n');
      fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
      child = spawn(
        binary,
        [
          `--config.file=${path.join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout!.on('data', d => {
        output += d;
      });
      child.stderr!.on('data', d => {
        output += d;
      });
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (child.exitCode !== null) {
          throw new Error(
            `prometheus exited (${child.exitCode}): ${output.slice(-2000)}`,
          );
        }
        try {
          if ((await fetch(`${url}/-/ready`)).ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) {
          throw new Error(
            `prometheus did not get ready: ${output.slice(-2000)}`,
          );
        }
        await new Promise(r => setTimeout(r, 100));
      }
    },
    async stop() {
      if (child && child.exitCode === null) {
        const exited = new Promise(r => child!.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
