#!/usr/bin/env node
/*
 * kube-sim benchmark (SIMULATED Kubernetes API server).
 *   node tests/bench/kube-sim.bench.js          full size: 5,000 nodes / 150,000 pods, 5 repeats
 *   node tests/bench/kube-sim.bench.js --small  1,000 nodes / 10,000 pods, 1 repeat
 * Also measures a paged Table LIST (server-side printing) next to the paged JSON LIST, and
 * concurrent pod log follow streams.
 * Exits non-zero when the full-size goals are missed (load < 10 s, paged LIST < 3 s,
 * paged Table LIST within 1.5x of JSON).
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { runKubeSimBench } = require('@ocdp/kube-sim');

const small = process.argv.includes('--small');
const size = small
  ? { nodes: 1000, pods: 10000, repeats: 1 }
  : { nodes: 5000, pods: 150000, repeats: 5 };

runKubeSimBench(size)
  .then(results => {
    const goals = [
      ['scenario load < 10 s', results.loadMs < 10000],
      [
        'paged LIST (limit 500) of all pods < 3 s',
        results.pagedListMedianMs < 3000,
      ],
      [
        'paged Table LIST (server-side printing) within 1.5x of paged JSON LIST',
        results.rawPagedTableListMedianMs <=
          1.5 * results.rawPagedJsonListMedianMs,
      ],
    ];
    const missLabel = small ? 'INFO' : 'FAIL';
    for (const [name, ok] of goals) {
      // eslint-disable-next-line no-console
      console.log(`${ok ? 'PASS' : missLabel}  ${name}`);
    }
    if (!small && goals.some(([, ok]) => !ok)) process.exit(1);
    process.exit(0);
  })
  .catch(e => {
    // eslint-disable-next-line no-console
    console.error(e);
    process.exit(2);
  });
