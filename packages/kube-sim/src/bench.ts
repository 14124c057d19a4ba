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

const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** Pages through all pods over plain HTTP (fetch + JSON.parse), as JSON or as Table. */
async function rawPagedList(
  url: string,
  table: boolean,
): Promise<{ count: number; ms: number }> {
  const t = performance.now();
  let token: string | undefined;
  let count = 0;
  do {
    const res = await fetch(
      `${url}/api/v1/pods?limit=500${
        token ? `&continue=${encodeURIComponent(token)}` : ''
      }`,
      {
        headers: {
          accept: table ? TABLE_ACCEPT : 'application/json',
          authorization: 'Bearer kube-sim-simulated-token',
        },
      },
    );
    const body = await res.json();
    count += (table ? body.rows : body.items).length;
    token = body.metadata?.continue || undefined;
  } while (token);
  return { count, ms: performance.now() - t };
}

/** Concurrent `follow` log streams: time until every stream has its tail, and lines per second after. */
async function logFollowBench(
  url: string,
  pods: Array<{ namespace: string; name: string }>,
  tailLines: number,
  followMs: number,
): Promise<{ tailMs: number; lines: number; linesPerSec: number }> {
  const controllers: AbortController[] = [];
  let lines = 0;
  let tailed = 0;
  const t0 = performance.now();
  let tailMs = 0;
  let allTailed: () => void = () => {};
  const tailedPromise = new Promise<void>(r => {
    allTailed = r;
  });
  const streams = pods.map(async p => {
    const ac = new AbortController();
    controllers.push(ac);
    const res = await fetch(
      `${url}/api/v1/namespaces/${p.namespace}/pods/${p.name}/log?follow=true&tailLines=${tailLines}&timestamps=true`,
      { signal: ac.signal },
    );
    const reader = res.body!.getReader();
    let got = 0;
    let counted = false;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const b of value) if (b === 10) got++;
        if (!counted && got >= tailLines) {
          counted = true;
          if (++tailed === pods.length) {
            tailMs = performance.now() - t0;
            allTailed();
          }
        }
      }
    } catch {
      // aborted
    }
    lines += got;
  });
  await tailedPromise;
  const before = performance.now();
  await new Promise(r => setTimeout(r, followMs));
  for (const c of controllers) c.abort();
  await Promise.all(streams);
  const elapsed = performance.now() - before;
  return {
    tailMs,
    lines,
    linesPerSec: Math.round(
      (lines - pods.length * tailLines) / (elapsed / 1000),
    ),
  };
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
    // server-side printing: paged Table LIST next to the paged JSON LIST, both over plain HTTP
    const rawJson: number[] = [];
    const rawTable: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const j = await rawPagedList(sim.url, false);
      const tb = await rawPagedList(sim.url, true);
      if (j.count !== pods || tb.count !== pods)
        throw new Error(
          `kube-sim bench: paged raw LIST returned ${j.count} (JSON) / ${tb.count} (Table) of ${pods} pods`,
        );
      rawJson.push(j.ms);
      rawTable.push(tb.ms);
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

    // log follow: 200 concurrent streams of vLLM-like pods (tail 100 lines, then 3 s of following)
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const followPods = [...sim.store.table(podType).map.values()]
      .filter(e => /vllm/.test(e.obj.spec?.containers?.[0]?.image ?? ''))
      .slice(0, 200)
      .map(e => {
        // started an hour ago, so that there is a long log to tail
        const next = deepClone(e.obj);
        next.status = { ...next.status, startTime: anHourAgo };
        sim.api.update(
          podType,
          next.metadata!.namespace,
          next.metadata!.name!,
          next,
          { internal: true },
        );
        return {
          namespace: next.metadata!.namespace!,
          name: next.metadata!.name!,
        };
      });
    const follow = await logFollowBench(sim.url, followPods, 100, 3000);

    const results = {
      nodes,
      pods,
      startMs: Math.round(startMs),
      loadMs: Math.round(sim.scenarioLoadMs),
      unpagedListMedianMs: Math.round(median(unpaged)),
      pagedListMedianMs: Math.round(median(paged)),
      pagedListPages: pages,
      rawPagedJsonListMedianMs: Math.round(median(rawJson)),
      rawPagedTableListMedianMs: Math.round(median(rawTable)),
      tableToJsonRatio:
        Math.round((median(rawTable) / median(rawJson)) * 100) / 100,
      logFollowStreams: followPods.length,
      logFollowTailMs: Math.round(follow.tailMs),
      logFollowLinesPerSec: follow.linesPerSec,
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
