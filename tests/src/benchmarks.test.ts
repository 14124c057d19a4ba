import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

jest.setTimeout(600_000);

const benchDir = path.resolve(__dirname, '..', 'bench');

const benches = fs
  .readdirSync(benchDir)
  .filter(file => file.endsWith('.bench.js'));

describe('benchmarks at small size (so they cannot rot)', () => {
  it('has benchmarks to run', () => {
    expect(benches.length).toBeGreaterThan(0);
  });

  it.each(benches)('%s runs and prints its numbers', bench => {
    const result = spawnSync(
      process.execPath,
      [path.join(benchDir, bench), '--small'],
      { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    expect({ status: result.status, output }).toEqual({
      status: 0,
      output: expect.stringMatching(/\d/),
    });
  });
});
