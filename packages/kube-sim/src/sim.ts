/** startKubeSim(): wires store, API, controllers, HTTP server, scenarios and faults together. */
import fs from 'fs';
import type { AddressInfo, Socket } from 'net';
import yaml from 'js-yaml';
import { withWarnings } from './admission/warnings';
import { KubeApi } from './api';
import { ControllerManager } from './controllers/manager';
import { DeploymentController } from './controllers/deployment';
import { GarbageCollector } from './controllers/gc';
import { HelmReleaseController } from './controllers/helm/controller';
import { HorizontalPodAutoscalerController } from './controllers/hpa';
import { JobController } from './controllers/job';
import { NamespaceController } from './controllers/namespace';
import { installQuotaAccounting } from './controllers/quota';
import { ReplicaSetController } from './controllers/replicaset';
import { StatefulSetController } from './controllers/statefulset';
import { EventRecorder } from './events';
import { KubeSimFaults, normalizeFaults } from './faults';
import { renderDcgmMetrics } from './metrics';
import {
  applyScenarioObjects,
  generateScale,
  loadScenarioFile,
  Scenario,
} from './scenarios';
import { Scheduler } from './scheduler';
import { Router, SIM_HEADERS } from './server/router';
import { Store } from './store';
import type { KObject } from './util';
import { WatchRegistry } from './watch';
import { AuthOptions, createAuth } from './auth';
import { TlsOptions, clusterEntry, createApiServer } from './server/listen';

export interface KubeSimOptions extends AuthOptions, TlsOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** 'demo', 'scale', 'empty', a path to a scenario YAML file, or objects. Default: 'empty'. */
  scenario?: 'demo' | 'scale' | 'empty' | string | { objects: object[] };
  /** Sizes for the scale scenario (defaults 5,000 nodes / 150,000 pods). */
  scaleNodes?: number;
  scalePods?: number;
  /** How many past events a watch can resume from (default 100,000). */
  eventWindow?: number;
  /** Interval of BOOKMARK events on watches with allowWatchBookmarks (default 1000 ms). */
  bookmarkIntervalMs?: number;
  /** Print the SIMULATED banner (default: true unless running under Jest). */
  banner?: boolean;
}

export interface KubeSim {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Direct access to the object store (tests). */
  readonly store: Store;
  /** The object API (create/update/patch/delete with admission) for tests. */
  readonly api: KubeApi;
  /** Milliseconds the scenario took to load. */
  readonly scenarioLoadMs: number;
  close(): Promise<void>;
  setFaults(faults: KubeSimFaults): Promise<void>;
  readonly faults: KubeSimFaults;
  /** Waits until all simulated controllers have converged. */
  settle(): Promise<void>;
  /** Kubeconfig YAML for KubeConfig.loadFromString(). */
  kubeConfig(): string;
  kubeConfigObject(): Record<string, unknown>;
  writeKubeconfig(path: string): void;
  /** DCGM-format metrics text (also served at /metrics). */
  metrics(tMs?: number): string;
  /** PEM of the simulator's CA when it serves HTTPS (`tls: true`). */
  readonly caCert?: string;
}

export const BANNER = [
  '==================================================================',
  '  kube-sim: SIMULATED Kubernetes API server',
  '  A development/test/benchmark fixture. NOT a real cluster.',
  '==================================================================',
].join('\n');

function resolveScenario(options: KubeSimOptions): Scenario {
  const s = options.scenario ?? 'empty';
  if (typeof s === 'object') return { objects: (s.objects ?? []) as KObject[] };
  if (s === 'empty') return { objects: [] };
  const scenario = loadScenarioFile(s);
  if (scenario.generate) {
    scenario.generate = {
      ...scenario.generate,
      nodes: options.scaleNodes ?? scenario.generate.nodes,
      pods: options.scalePods ?? scenario.generate.pods,
    };
  } else if (s === 'scale') {
    scenario.generate = {
      nodes: options.scaleNodes ?? 5000,
      pods: options.scalePods ?? 150_000,
    };
  }
  return scenario;
}

export async function startKubeSim(
  options: KubeSimOptions = {},
): Promise<KubeSim> {
  const host = options.host ?? '127.0.0.1';
  const store = new Store({ eventWindow: options.eventWindow });
  const api = new KubeApi(store);
  const events = new EventRecorder(api);
  installQuotaAccounting(store, api);
  const manager = new ControllerManager(store);
  const scheduler = new Scheduler(store, api, events);
  manager.add(new NamespaceController(store, api));
  manager.add(new GarbageCollector(store, api));
  manager.add(new DeploymentController(store, api));
  manager.add(new ReplicaSetController(store, api, events));
  manager.add(new StatefulSetController(store, api, events));
  manager.add(new JobController(store, api, events));
  manager.add(new HelmReleaseController(store, api, events));
  manager.add(new HorizontalPodAutoscalerController(store, api, events));
  manager.add(scheduler);

  const settle = async () => {
    for (let i = 0; i < 100; i++) {
      await new Promise(r => setImmediate(r));
      manager.drain();
      if (!manager.pending) return;
    }
  };

  // scenario
  const started = performance.now();
  const scenario = resolveScenario(options);
  if (scenario.generate) generateScale(store, scenario.generate);
  scheduler.resync();
  if (!store.get(store.typeOf('namespaces'), undefined, 'default')) {
    for (const name of [
      'default',
      'kube-system',
      'kube-public',
      'kube-node-lease',
    ]) {
      if (!store.get(store.typeOf('namespaces'), undefined, name)) {
        api.create(
          store.typeOf('namespaces'),
          undefined,
          { metadata: { name } },
          { internal: true },
        );
      }
    }
  }
  const auth = createAuth(store, api, options);
  applyScenarioObjects(api, scenario.objects, () => manager.drain());
  manager.drain();
  const scenarioLoadMs = performance.now() - started;

  // server
  let faults: KubeSimFaults = {};
  const watches = new WatchRegistry();
  const sockets = new Set<Socket>();
  let port = options.port ?? 0;
  const router = new Router({
    store,
    api,
    watches,
    faults: () => faults,
    setFaults: f => {
      void applyFaults(f);
    },
    settle,
    serverAddress: () => `${host}:${port}`,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000,
    auth,
  });
  const { server, scheme, caCert } = createApiServer(
    options,
    host,
    (req, res) => {
      // admission warnings (PodSecurity) become Warning headers of this response
      void withWarnings(res, () => router.handle(req, res));
    },
  );
  server.keepAliveTimeout = 5000;
  server.on('connection', socket => {
    if (faults.refuseConnections) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();

  async function applyFaults(next: KubeSimFaults): Promise<void> {
    const f = normalizeFaults(next);
    const wasRefusing = !!faults.refuseConnections;
    faults = f;
    if (f.refuseConnections && !wasRefusing) {
      watches.closeAll();
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    } else if (!f.refuseConnections && wasRefusing) {
      await listen();
    }
  }

  const url = `${scheme}://${host}:${port}`;
  const kubeConfigObject = () => ({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'kube-sim',
    // client-node refuses plain http unless skipTLSVerify is set
    clusters: [
      {
        name: 'kube-sim',
        cluster: clusterEntry(scheme, host, port, caCert),
      },
    ],
    users: [{ name: 'kube-sim', user: { token: 'kube-sim-simulated-token' } }],
    contexts: [
      {
        name: 'kube-sim',
        context: {
          cluster: 'kube-sim',
          user: 'kube-sim',
          namespace: 'default',
        },
      },
    ],
    preferences: {},
  });

  const showBanner = options.banner ?? !process.env.JEST_WORKER_ID;
  if (showBanner) {
    process.stderr.write(
      `${BANNER}\n  URL: ${url}\n  ${SIM_HEADERS[
        'x-kube-sim'
      ].toUpperCase()}: every response carries "x-kube-sim: simulated"\n`,
    );
  }

  return {
    url,
    caCert,
    port,
    host,
    store,
    api,
    scenarioLoadMs,
    get faults() {
      return faults;
    },
    setFaults: applyFaults,
    settle,
    kubeConfig: () => yaml.dump(kubeConfigObject()),
    kubeConfigObject,
    writeKubeconfig: (path: string) =>
      fs.writeFileSync(path, yaml.dump(kubeConfigObject()), { mode: 0o600 }),
    metrics: (tMs?: number) => renderDcgmMetrics(store, tMs),
    close: async () => {
      watches.closeAll();
      await new Promise<void>(resolve => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
