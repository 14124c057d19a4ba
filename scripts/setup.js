/* Shared steps of `npm start`, `npm test` and `npm run bench`: fetch the pinned Yarn release, install
 * with it, find system pieces, make sure PostgreSQL is up. Every failure names what is missing and how
 * to fix it. */
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, {
    stdio: 'inherit',
    cwd: root,
    ...options,
  });
  if (result.error) fail(`${cmd} could not run: ${result.error.message}`);
  return result.status ?? 1;
}

function npmConfig(key) {
  try {
    const value = execFileSync('npm', ['config', 'get', key], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return value && value !== 'undefined' && value !== 'null' ? value : '';
  } catch {
    return '';
  }
}

/** The Yarn release `.yarnrc.yml` points at (`yarnPath`), which is not committed. */
function yarnPath() {
  const rc = fs.readFileSync(path.join(root, '.yarnrc.yml'), 'utf8');
  const match = /^yarnPath:\s*(\S+)/m.exec(rc);
  if (!match) fail('.yarnrc.yml has no yarnPath');
  return path.join(root, match[1]);
}

/**
 * Fetches the pinned Yarn release with npm (so from whatever registry npm is configured with on
 * this machine) when it is not there yet: the `@yarnpkg/cli-dist` tarball's bin/yarn.js.
 */
function ensureYarn() {
  const target = yarnPath();
  if (fs.existsSync(target)) return target;
  const version = /yarn-(\d+\.\d+\.\d+)\.cjs$/.exec(target)?.[1];
  if (!version) fail(`cannot read the Yarn version from ${target}`);
  console.log(`› Fetching Yarn ${version} with npm…`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocdp-yarn-'));
  try {
    if (
      run('npm', [
        'pack',
        `@yarnpkg/cli-dist@${version}`,
        '--pack-destination',
        tmp,
        '--silent',
      ]) !== 0
    ) {
      fail(
        `npm could not fetch @yarnpkg/cli-dist@${version}; check npm's registry settings`,
      );
    }
    const tarball = fs.readdirSync(tmp).find(f => f.endsWith('.tgz'));
    if (
      !tarball ||
      run('tar', [
        '-xzf',
        path.join(tmp, tarball),
        '-C',
        tmp,
        'package/bin/yarn.js',
      ]) !== 0
    ) {
      fail(`the @yarnpkg/cli-dist@${version} package could not be unpacked`);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(tmp, 'package', 'bin', 'yarn.js'), target);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return target;
}

/** Yarn reads its registry from the environment: the one npm is configured with, unless set. */
function yarnEnv() {
  const env = { ...process.env };
  if (!env.YARN_NPM_REGISTRY_SERVER) {
    const registry = env.npm_config_registry || npmConfig('registry');
    if (registry) env.YARN_NPM_REGISTRY_SERVER = registry.replace(/\/+$/, '');
  }
  const nodedir = env.npm_config_nodedir || npmConfig('nodedir');
  if (nodedir) env.npm_config_nodedir = nodedir;
  return env;
}

function workspaceManifests() {
  const manifests = [path.join(root, 'package.json')];
  for (const dir of ['packages', 'plugins', 'tests']) {
    const base = path.join(root, dir);
    if (!fs.existsSync(base)) continue;
    if (fs.existsSync(path.join(base, 'package.json'))) {
      manifests.push(path.join(base, 'package.json'));
    }
    for (const name of fs.readdirSync(base)) {
      const manifest = path.join(base, name, 'package.json');
      if (fs.existsSync(manifest)) manifests.push(manifest);
    }
  }
  return manifests;
}

/** Runs `yarn install` with the pinned Yarn when node_modules is missing or older than a manifest. */
function ensureInstalled() {
  const yarn = ensureYarn();
  const state = path.join(root, 'node_modules', '.yarn-state.yml');
  const inputs = [...workspaceManifests(), path.join(root, 'yarn.lock')];
  const fresh =
    fs.existsSync(state) &&
    inputs.every(
      f =>
        !fs.existsSync(f) ||
        fs.statSync(f).mtimeMs <= fs.statSync(state).mtimeMs,
    );
  if (fresh) return;
  console.log(
    '› Installing dependencies with Yarn (first run takes a few minutes)…',
  );
  const status = run(process.execPath, [yarn, 'install'], { env: yarnEnv() });
  if (status !== 0) fail('yarn install failed (output above)');
}

function commandPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Finds a Debian system package's binary, installing the package with apt-get when running as root. */
/**
 * The path of a Debian binary, installed with apt-get when missing and we are root. Otherwise
 * it fails with the command to run, or, when `optional`, says so in one line and returns
 * undefined.
 */
function ensureDebianBinary(binary, debianPackage, { optional = false } = {}) {
  const found = commandPath(binary);
  if (found) return found;
  if (process.getuid?.() !== 0) {
    const how = `sudo apt-get install -y ${debianPackage}`;
    if (optional) {
      console.log(`› ${binary} is not installed (${how}); going on without it`);
      return undefined;
    }
    fail(`${binary} is required and missing. Install it: ${how}`);
  }
  console.log(`› Installing ${debianPackage} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  if (
    run(
      'apt-get',
      ['install', '-y', '-qq', '--no-install-recommends', debianPackage],
      { env },
    ) !== 0
  ) {
    fail(`apt-get could not install ${debianPackage}`);
  }
  const installed = commandPath(binary);
  if (!installed)
    fail(`${debianPackage} installed but ${binary} is still not on PATH`);
  return installed;
}

function canConnect(host, port, timeoutMs = 2000) {
  return new Promise(resolve => {
    const socket = net.connect({ host, port });
    const done = ok => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/** Makes sure PostgreSQL 15 answers and that TestDatabases is told where it is. */
async function ensurePostgres() {
  if (!process.env[PG_ENV]) {
    process.env[PG_ENV] = 'postgresql://postgres@127.0.0.1:5432';
  }
  const url = new URL(process.env[PG_ENV]);
  const host = url.hostname;
  const port = Number(url.port || 5432);
  if (await canConnect(host, port)) return;
  const clusters = fs.existsSync('/etc/postgresql')
    ? fs.readdirSync('/etc/postgresql')
    : [];
  if (clusters.length > 0 && commandPath('pg_ctlcluster')) {
    console.log(`› PostgreSQL is down; starting cluster ${clusters[0]}/main…`);
    run('pg_ctlcluster', [
      '--skip-systemctl-redirect',
      clusters[0],
      'main',
      'start',
    ]);
    for (let i = 0; i < 30; i++) {
      if (await canConnect(host, port)) return;
      await new Promise(r => setTimeout(r, 500));
    }
  }
  fail(
    `PostgreSQL is required for the database tests and does not answer at ${host}:${port}. ` +
      `Start it (pg_ctlcluster --skip-systemctl-redirect <version> main start) or set ${PG_ENV}.`,
  );
}

module.exports = {
  root,
  fail,
  run,
  ensureYarn,
  yarnEnv,
  ensureInstalled,
  ensureDebianBinary,
  ensurePostgres,
  canConnect,
  PG_ENV,
};
