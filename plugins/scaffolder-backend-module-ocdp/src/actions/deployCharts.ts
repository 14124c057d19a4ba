import { Config } from '@backstage/config';
import { ChartSource } from '@ocdp/plugin-ocdp-common';
import yaml from 'js-yaml';
import fs from 'node:fs';
import path from 'node:path';

/** What a GitOps manifest needs of a chart configured under `ocdp.charts.<name>`. */
export interface DeployChart {
  /** The chart's name in its repository. */
  chart: string;
  version?: string;
  /** Chart profile its values are read with. */
  profile: string;
  source: ChartSource;
}

const SOURCE_KINDS: ChartSource['kind'][] = ['HelmRepository', 'OCIRepository'];

/** The `version` of the chart's Chart.yaml in `directory`, when there is one. */
function chartYamlVersion(directory: string, at: string): string | undefined {
  const file = path.join(path.resolve(directory), 'Chart.yaml');
  let parsed: unknown;
  try {
    parsed = yaml.load(fs.readFileSync(file, 'utf8'), {
      schema: yaml.CORE_SCHEMA,
    });
  } catch (error) {
    throw new Error(
      `${at}.directory: cannot read Chart.yaml: ${(error as Error).message}`,
    );
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  return typeof version === 'string' ? version : undefined;
}

/**
 * Reads `ocdp.charts` as the deploy action's manifest mode needs it: each chart's Flux source,
 * version and profile, as the OCDP backend reads them. A bad entry fails start-up with its path.
 */
export function readDeployCharts(config: Config): Record<string, DeployChart> {
  const charts = config.getOptionalConfig('ocdp.charts');
  const out: Record<string, DeployChart> = {};
  for (const name of charts?.keys() ?? []) {
    const at = `ocdp.charts.${name}`;
    const chart = charts!.getConfig(name);
    const kind = chart.getString('source.kind') as ChartSource['kind'];
    if (!SOURCE_KINDS.includes(kind)) {
      throw new Error(
        `${at}.source.kind: must be one of ${SOURCE_KINDS.join(', ')}`,
      );
    }
    const namespace = chart.getOptionalString('source.namespace');
    const directory = chart.getOptionalString('directory');
    const version =
      chart.getOptionalString('version') ??
      (directory ? chartYamlVersion(directory, at) : undefined);
    Object.defineProperty(out, name, {
      enumerable: true,
      value: {
        chart: chart.getOptionalString('chart') ?? name,
        ...(version ? { version } : {}),
        profile: chart.getOptionalString('profile') ?? name,
        source: {
          kind,
          name: chart.getString('source.name'),
          ...(namespace ? { namespace } : {}),
        },
      },
    });
  }
  return out;
}
