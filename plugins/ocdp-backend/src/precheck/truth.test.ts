import fc from 'fast-check';
import { truthCases } from './__testUtils__/truth/cases';
import { runTruthCase } from './__testUtils__/truth/runTruthCase';

jest.setTimeout(600_000);

/**
 * The pre-flight must agree with the cluster: for generated quotas (several per namespace,
 * scopes), LimitRanges, nodes with GPUs and MIG and existing pods, its quota verdict equals what
 * admission does (no ReplicaSet left refused once the change has settled) and its capacity
 * verdict what scheduling does (no pod left Pending). Installs, scales and upgrades (rollouts
 * with the quota in the loop); `npm run bench` runs 10,000 cases and prints the agreement per
 * operation (tests/bench/precheck-truth.bench.js). A skipped case is one whose release before
 * the change could not be set up; the pre-flight is not asked then.
 */
describe('pre-flight agrees with the simulated cluster', () => {
  it('in 500 generated cases', async () => {
    let run = 0;
    let skipped = 0;
    await fc.assert(
      fc.asyncProperty(truthCases(['install', 'scale', 'upgrade']), async c => {
        const outcome = await runTruthCase(c);
        if (outcome.skipped) skipped++;
        fc.pre(!outcome.skipped);
        run++;
        if (!outcome.agree) {
          throw new Error(
            `pre-flight ${JSON.stringify(
              outcome.predicted,
            )} but the cluster ${JSON.stringify(
              outcome.observed,
            )}\nreasons: ${JSON.stringify(
              outcome.report?.reasons,
            )}\nadmission: ${JSON.stringify(outcome.refusals)}`,
          );
        }
      }),
      { numRuns: 500, seed: 20261130, maxSkipsPerRun: 5 },
    );
    expect(run).toBeGreaterThanOrEqual(500);
    // eslint-disable-next-line no-console
    console.log(
      `pre-flight truth: ${run} cases agreed, ${skipped} set-ups skipped`,
    );
  });
});
