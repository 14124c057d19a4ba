/* eslint-disable no-console */
/**
 * kube-sim CLI: `kube-sim --port <n> --scenario <demo|scale|empty|file.yaml> [--kubeconfig <path>]`
 * Starts the SIMULATED Kubernetes API server in the foreground.
 */
import { startKubeSim } from './sim';

interface CliArgs {
  port: number;
  host: string;
  scenario: string;
  kubeconfig?: string;
  scaleNodes?: number;
  scalePods?: number;
  tls?: boolean;
  tlsDir?: string;
  strictAuth?: boolean;
}

const USAGE = `Usage: kube-sim [--port 6443] [--host 127.0.0.1] [--scenario demo|scale|empty|<file.yaml>]
                [--kubeconfig <path>] [--scale-nodes N] [--scale-pods N]
                [--tls] [--tls-dir <dir>] [--strict-auth]

  --tls           serve HTTPS with a CA made at start (kubeconfig gets certificate-authority-data)
  --tls-dir <dir> HTTPS with the CA kept in <dir> (ca.crt/ca.key, made when absent)
  --strict-auth   refuse unknown tokens (401); requests without a token are system:anonymous

SIMULATED Kubernetes API server for OCDP development, tests and benchmarks (not a real cluster).`;

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { port: 6443, host: '127.0.0.1', scenario: 'demo' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=')
      ? a.split(/=(.*)/s, 2)
      : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
      case '-p':
        args.port = Number(value());
        break;
      case '--host':
        args.host = value();
        break;
      case '--scenario':
      case '-s':
        args.scenario = value();
        break;
      case '--kubeconfig':
        args.kubeconfig = value();
        break;
      case '--scale-nodes':
        args.scaleNodes = Number(value());
        break;
      case '--scale-pods':
        args.scalePods = Number(value());
        break;
      case '--tls':
        args.tls = true;
        break;
      case '--tls-dir':
        args.tlsDir = value();
        break;
      case '--strict-auth':
        args.strictAuth = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument: ${a}\n${USAGE}`);
    }
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    throw new Error(`invalid --port: ${args.port}`);
  }
  return args;
}

export async function main(
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  const args = parseArgs(argv);
  const sim = await startKubeSim({
    port: args.port,
    host: args.host,
    scenario: args.scenario,
    scaleNodes: args.scaleNodes,
    scalePods: args.scalePods,
    tls: args.tls,
    tlsDir: args.tlsDir,
    strictAuth: args.strictAuth,
    banner: true,
  });
  if (args.kubeconfig) {
    sim.writeKubeconfig(args.kubeconfig);
  }
  const nodes = sim.store.table(sim.store.typeOf('nodes')).map.size;
  const pods = sim.store.table(sim.store.typeOf('pods')).map.size;
  console.log(`kube-sim (SIMULATED) listening on ${sim.url}`);
  console.log(
    `  scenario: ${
      args.scenario
    } (${nodes} nodes, ${pods} pods, loaded in ${Math.round(
      sim.scenarioLoadMs,
    )} ms)`,
  );
  if (args.kubeconfig)
    console.log(`  kubeconfig: ${args.kubeconfig} (context "kube-sim")`);
  if (args.tlsDir)
    console.log(`  CA certificate: ${args.tlsDir}/ca.crt (HTTPS)`);
  console.log(
    `  DCGM metrics: ${sim.url}/metrics   faults: POST ${sim.url}/_sim/faults`,
  );
  const stop = async () => {
    await sim.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch(e => {
    console.error(String(e?.message ?? e));
    process.exit(1);
  });
}
