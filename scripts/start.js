/* `npm start`: install if needed, start the SIMULATED demo clusters, then the Backstage backend and app. */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root, ensureInstalled, canConnect, fail } = require('./setup');

const SIMULATORS = [
  { name: 'demo', port: Number(process.env.OCDP_SIM_PORT ?? 6443) },
  { name: 'lab', port: Number(process.env.OCDP_SIM_LAB_PORT ?? 6444) },
];

async function main() {
  ensureInstalled();
  const children = [];
  const stopAll = () => children.forEach(child => child.kill('SIGTERM'));
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);

  const kubeSim = path.join(root, 'node_modules', '.bin', 'kube-sim');
  for (const sim of SIMULATORS) {
    if (await canConnect('127.0.0.1', sim.port)) {
      console.log(
        `› port ${sim.port} already answers; using it as the "${sim.name}" cluster`,
      );
      continue;
    }
    children.push(
      spawn(kubeSim, ['--port', String(sim.port), '--scenario', 'demo'], {
        cwd: root,
        stdio: 'inherit',
      }),
    );
  }

  const dataDir =
    process.env.OCDP_DATA_DIR ?? path.join(root, '.ocdp-data', 'sqlite');
  fs.mkdirSync(dataDir, { recursive: true });
  console.log(
    `› The portal keeps its data in ${dataDir} (delete that folder to start over)`,
  );

  const backstageCli = path.join(root, 'node_modules', '.bin', 'backstage-cli');
  const portal = spawn(backstageCli, ['repo', 'start'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, OCDP_DATA_DIR: dataDir },
  });
  children.push(portal);
  portal.on('exit', code => {
    stopAll();
    process.exit(code ?? 0);
  });
}

main().catch(error => fail(error.stack ?? String(error)));
