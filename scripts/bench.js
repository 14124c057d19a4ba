/* `npm run bench`: install if needed, then run every benchmark in tests/bench/ at full size. */
const fs = require('node:fs');
const path = require('node:path');
const { root, run, ensureInstalled, ensurePostgres, fail } = require('./setup');

async function main() {
  ensureInstalled();
  await ensurePostgres();
  const dir = path.join(root, 'tests', 'bench');
  const only = process.argv[2];
  const benches = fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.bench.js'))
    .filter(f => !only || f.startsWith(only));
  let failed = 0;
  for (const bench of benches) {
    console.log(`\n› ${bench}`);
    if (run(process.execPath, [path.join(dir, bench)]) !== 0) failed++;
  }
  if (failed) fail(`${failed} benchmark(s) missed their goals or failed`);
}

main().catch(error => fail(error.stack ?? String(error)));
