/* Shared steps of `npm start`, `npm test` and `npm run bench`: install with the committed Yarn, find
 * system pieces, make sure PostgreSQL is up. Every failure names what is missing and how to fix it. */
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) fail(`${cmd} could not run: ${result.error.message}`);
  return result.status ?? 1;
}

function yarnPath() {
  const dir = path.join(root, '.yarn', 'releases');
  const file = fs.readdirSync(dir).find(f => /^yarn-.*\.cjs$/.test(f));
  if (!file) fail('the committed Yarn release is missing from .yarn/releases');
  return path.join(dir, file);
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

/** Runs `yarn install` with the committed Yarn when node_modules is missing or older than a manifest. */
function ensureInstalled() {
  const state = path.join(root, 'node_modules', '.yarn-state.yml');
  const inputs = [...workspaceManifests(), path.join(root, 'yarn.lock')];
  const fresh =
    fs.existsSync(state) &&
    inputs.every(f => !fs.existsSync(f) || fs.statSync(f).mtimeMs <= fs.statSync(state).mtimeMs);
  if (fresh) return;
  console.log('› Installing dependencies with the committed Yarn (first run takes a few minutes)…');
  let nodedir = process.env.npm_config_nodedir;
  if (!nodedir) {
    try {
      nodedir = execFileSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      nodedir = '';
    }
  }
  const env = { ...process.env };
  if (nodedir && nodedir !== 'undefined') env.npm_config_nodedir = nodedir;
  const status = run(process.execPath, [yarnPath(), 'install'], { env });
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
function ensureDebianBinary(binary, debianPackage) {
  const found = commandPath(binary);
  if (found) return found;
  if (process.getuid?.() !== 0) {
    fail(`${binary} is required and missing. Install it: sudo apt-get install -y ${debianPackage}`);
  }
  console.log(`› Installing ${debianPackage} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  if (run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', debianPackage], { env }) !== 0) {
    fail(`apt-get could not install ${debianPackage}`);
  }
  const installed = commandPath(binary);
  if (!installed) fail(`${debianPackage} installed but ${binary} is still not on PATH`);
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
  const clusters = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql') : [];
  if (clusters.length > 0 && commandPath('pg_ctlcluster')) {
    console.log(`› PostgreSQL is down; starting cluster ${clusters[0]}/main…`);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', clusters[0], 'main', 'start']);
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
  ensureInstalled,
  ensureDebianBinary,
  ensurePostgres,
  canConnect,
  PG_ENV,
};
