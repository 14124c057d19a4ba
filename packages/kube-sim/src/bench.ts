/* eslint-disable no-console */
/**
 * kube-sim benchmark, measured with the real @kubernetes/client-node:
 * scenario load time, unpaged and paged (limit 500) LIST of all pods, and watch
 * event throughput. Used by tests/bench/kube-sim.bench.js.
 */
// eslint-disable-next-line @backstage/no-undeclared-imports
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { startKubeSim } from './sim';
import { deepClone } from './util';

export interface KubeSimBenchOptions {
  nodes: number;
  pods: number;
  repeats: number;
  /** Pod updates streamed to a watcher (default 5,000). */
  watchUpdates?: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export async function runKubeSimBench({
  nodes,
  pods,
  repeats,
  watchUpdates = 5000,
}: KubeSimBenchOptions): Promise<Record<string, number>> {
  const t0 = performance.now();
  const sim = await startKubeSim({
    scenario: 'scale',
    scaleNodes: nodes,
    scalePods: pods,
    banner: false,
  });
  const startMs = performance.now() - t0;
  try {
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeConfig());
    const core = kc.makeApiClient(CoreV1Api);

    const unpaged: number[] = [];
    const paged: number[] = [];
    let unpagedCount = 0;
    let pagedCount = 0;
    let pages = 0;
    // paged first, then unpaged: keeps the 100 MB unpaged responses' garbage out of the paged timings
    for (let r = 0; r < repeats; r++) {
      const t = performance.now();
      let token: string | undefined;
      let count = 0;
      pages = 0;
      do {
        const page = await core.listPodForAllNamespaces({
          limit: 500,
          _continue: token,
        });
        count += page.items.length;
        pages++;
        token = page.metadata?._continue || undefined;
      } while (token);
      paged.push(performance.now() - t);
      pagedCount = count;
    }
    for (let r = 0; r < repeats; r++) {
      const t = performance.now();
      const all = await core.listPodForAllNamespaces();
      unpaged.push(performance.now() - t);
      unpagedCount = all.items.length;
    }
    if (unpagedCount !== pods || pagedCount !== pods) {
      throw new Error(
        `kube-sim bench: expected ${pods} pods, unpaged LIST returned ${unpagedCount}, paged ${pagedCount}`,
      );
    }

    // watch throughput: N pod updates made in-process, streamed over HTTP to a client-node Watch
    const podType = sim.store.typeOf('pods');
    const targets = [...sim.store.table(podType).map.values()]
      .slice(0, watchUpdates)
      .map(e => e.obj);
    const fromRv = String(sim.store.resourceVersion);
    let received = 0;
    let tStart = 0;
    const done = new Promise<number>((resolve, reject) => {
      const watch = new Watch(kc);
      let controller: AbortController | undefined;
      watch
        .watch(
          '/api/v1/pods',
          { resourceVersion: fromRv },
          type => {
            if (type === 'MODIFIED' && ++received === targets.length) {
              const elapsed = performance.now() - tStart;
              controller?.abort();
              resolve(elapsed);
            }
          },
          err => {
            if (received < targets.length)
              reject(err ?? new Error('watch closed early'));
          },
        )
        .then(c => {
          controller = c;
        }, reject);
    });
    await new Promise(r => setTimeout(r, 200));
    tStart = performance.now();
    for (let i = 0; i < targets.length; i++) {
      const next = deepClone(targets[i]);
      next.metadata!.labels = {
        ...next.metadata!.labels,
        'bench.kube-sim/seq': String(i),
      };
      sim.api.update(
        podType,
        next.metadata!.namespace,
        next.metadata!.name!,
        next,
        { internal: true },
      );
      if (i % 500 === 499) await new Promise(r => setImmediate(r));
    }
    const watchMs = await done;

    const results = {
      nodes,
      pods,
      startMs: Math.round(startMs),
      loadMs: Math.round(sim.scenarioLoadMs),
      unpagedListMedianMs: Math.round(median(unpaged)),
      pagedListMedianMs: Math.round(median(paged)),
      pagedListPages: pages,
      watchEvents: targets.length,
      watchEventsPerSec: Math.round(targets.length / (watchMs / 1000)),
      heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1e6),
    };
    console.log(
      'kube-sim benchmark (SIMULATED API server, real @kubernetes/client-node)',
    );
    console.table(
      Object.entries(results).map(([metric, value]) => ({ metric, value })),
    );
    return results;
  } finally {
    await sim.close();
  }
}
