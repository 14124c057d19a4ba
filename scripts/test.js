/* `npm test`: install if needed, make sure the system pieces and PostgreSQL are there, build the app
 * for the browser tests, then run every Jest test of every workspace in one run. */
const path = require('node:path');
const {
  root,
  run,
  fail,
  ensureInstalled,
  ensureDebianBinary,
  ensurePostgres,
  PG_ENV,
} = require('./setup');

async function main() {
  ensureInstalled();
  process.env.OCDP_CHROMIUM_PATH = ensureDebianBinary('chromium', 'chromium');
  // the GPU utilization integration test runs a real Prometheus
  process.env.OCDP_PROMETHEUS_PATH = ensureDebianBinary(
    'prometheus',
    'prometheus',
  );
  await ensurePostgres();
  console.log(`› PostgreSQL for TestDatabases: ${PG_ENV} is set`);

  const backstageCli = path.join(root, 'node_modules', '.bin', 'backstage-cli');
  console.log('› Type checking…');
  if (
    run(process.execPath, [
      path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--noEmit',
    ]) !== 0
  ) {
    fail('type checking failed (output above)');
  }
  console.log('› Checking formatting (prettier --check)…');
  if (
    run(process.execPath, [
      path.join(root, 'node_modules', 'prettier', 'bin-prettier.js'),
      '--check',
      '--loglevel',
      'warn',
      '.',
    ]) !== 0
  ) {
    fail('files are not formatted: run `yarn prettier --write .` (list above)');
  }
  console.log('› Linting…');
  if (run(backstageCli, ['repo', 'lint']) !== 0)
    fail('lint failed (output above)');
  console.log('› Building the app for the browser tests…');
  if (
    run(backstageCli, ['package', 'build'], {
      cwd: path.join(root, 'packages', 'app'),
    }) !== 0
  ) {
    fail('the app did not build (output above)');
  }

  const args = [
    'repo',
    'test',
    '--ci',
    '--watchAll=false',
    ...process.argv.slice(2),
  ];
  process.exit(
    run(backstageCli, args, { env: { ...process.env, CI: 'true' } }),
  );
}

main().catch(error => fail(error.stack ?? String(error)));
