/*
 * Small load-generation helpers for the benchmarks in tests/bench/: run a request function a fixed
 * number of times at a given concurrency, and summarise the latencies.
 */

/** Nearest-rank percentile (p in 0..100) of an ascending-sorted array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Median, p95 and max (ms) of a list of latencies. */
function summarize(latenciesMs) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1],
  };
}

/**
 * Calls `fn(i)` for i = 0..total-1 with at most `concurrency` calls in flight. Returns each call's
 * latency (ms) and the wall time of the whole run; the first error rejects the run.
 */
async function runLoad({ total, concurrency, fn }) {
  const latenciesMs = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await fn(i);
      latenciesMs.push(performance.now() - t0);
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, () => worker()),
  );
  const wallMs = performance.now() - started;
  return { latenciesMs, wallMs, perSecond: (total / wallMs) * 1000 };
}

/** A seeded pseudo-random generator (mulberry32) in [0, 1), so runs pick the same tenants. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = { percentile, summarize, runLoad, seededRandom };
