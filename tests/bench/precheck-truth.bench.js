#!/usr/bin/env node
/* eslint-disable no-console */
/*
 * Pre-flight truth benchmark: generated situations (nodes with GPUs and MIG, several quotas with
 * scopes, LimitRanges, running pods) and changes (install, scale, upgrade), each set up in a fresh
 * SIMULATED cluster; the pre-flight's verdicts are compared with what quota admission and the
 * scheduler then do. Prints the agreement per operation, the cases whose set-up could not be made
 * (skipped, with their reasons), how the cluster ended (quota refused a pod for good, or a pod
 * stayed Pending; the rest fitted) and the first disagreements.
 *
 *   node tests/bench/precheck-truth.bench.js          10,000 cases
 *   node tests/bench/precheck-truth.bench.js --small  30 cases (run by the test suite)
 *   OCDP_TRUTH_CASES=2000 OCDP_TRUTH_OPERATIONS=upgrade node tests/bench/precheck-truth.bench.js
 */
require('@backstage/cli/config/nodeTransform.cjs');
const fc = require('fast-check');
// The truth harness is the backend package's own test code; this runs it at full size.
/* eslint-disable @backstage/no-forbidden-package-imports */
const {
  truthCases,
} = require('@ocdp/plugin-ocdp-backend/src/precheck/__testUtils__/truth/cases');
const {
  runTruthCase,
} = require('@ocdp/plugin-ocdp-backend/src/precheck/__testUtils__/truth/runTruthCase');
/* eslint-enable @backstage/no-forbidden-package-imports */

const small = process.argv.includes('--small');
const CASES = small ? 30 : Number(process.env.OCDP_TRUTH_CASES ?? 10_000);
const OPERATIONS = (
  process.env.OCDP_TRUTH_OPERATIONS ?? 'install,scale,upgrade'
)
  .split(',')
  .map(op => op.trim());

async function main() {
  const samples = fc.sample(truthCases(OPERATIONS), {
    numRuns: CASES,
    seed: Number(process.env.OCDP_TRUTH_SEED ?? 42),
  });
  const stats = Object.fromEntries(
    OPERATIONS.map(op => [
      op,
      { run: 0, agreed: 0, skipped: 0, refused: 0, pending: 0 },
    ]),
  );
  const disagreements = [];
  const skipReasons = new Map();
  const t0 = performance.now();
  for (const c of samples) {
    const outcome = await runTruthCase(c);
    const s = stats[c.operation];
    if (outcome.skipped) {
      s.skipped++;
      const reason = `${c.operation}: ${outcome.skipped}`;
      skipReasons.set(reason, (skipReasons.get(reason) ?? 0) + 1);
      continue;
    }
    s.run++;
    if (!outcome.observed.admitted) s.refused++;
    else if (!outcome.observed.placed) s.pending++;
    if (outcome.agree) s.agreed++;
    else if (disagreements.length < 5) disagreements.push({ c, outcome });
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `pre-flight truth: ${CASES.toLocaleString(
      'en-US',
    )} generated cases in ${seconds.toFixed(1)} s`,
  );
  console.log(
    `${'operation'.padEnd(10)}${[
      'run',
      'agreed',
      'agreement',
      'skipped',
      'refused',
      'pending',
    ]
      .map(h => h.padStart(11))
      .join('')}`,
  );
  let run = 0;
  let agreed = 0;
  for (const op of OPERATIONS) {
    const s = stats[op];
    run += s.run;
    agreed += s.agreed;
    console.log(
      `${op.padEnd(10)}${[
        s.run,
        s.agreed,
        s.run ? `${((100 * s.agreed) / s.run).toFixed(2)} %` : '-',
        s.skipped,
        s.refused,
        s.pending,
      ]
        .map(v => String(v).padStart(11))
        .join('')}`,
    );
  }
  console.log(
    `${'all'.padEnd(10)}${[
      run,
      agreed,
      `${((100 * agreed) / Math.max(1, run)).toFixed(2)} %`,
      '',
    ]
      .map(v => String(v).padStart(11))
      .join('')}`,
  );
  for (const [reason, count] of skipReasons) {
    console.log(`skipped ${count}: ${reason}`);
  }
  for (const { c, outcome } of disagreements) {
    console.log(
      `\ndisagreement (${c.operation}): pre-flight ${JSON.stringify(
        outcome.predicted,
      )}, cluster ${JSON.stringify(
        outcome.observed,
      )}\n  reasons: ${JSON.stringify(
        outcome.report.reasons,
      )}\n  admission: ${JSON.stringify(
        outcome.refusals,
      )}\n  case: ${JSON.stringify(c)}`,
    );
  }
  return 0;
}

main()
  .then(code => process.exit(code))
  .catch(error => {
    console.error(error);
    process.exit(2);
  });
