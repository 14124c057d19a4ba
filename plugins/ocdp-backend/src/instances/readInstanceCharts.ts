import { Config } from '@backstage/config';
import {
  ChartProfile,
  ChartSource,
  OcdpInputError,
  Values,
  findChartProfile,
  isUnsafeObjectKey,
} from '@ocdp/plugin-ocdp-common';
import yaml from 'js-yaml';
import fs from 'node:fs';
import path from 'node:path';

/** A chart instances may be deployed from, as configured under `ocdp.charts.<name>`. */
export interface InstanceChart {
  /** The chart's name in its repository. */
  name: string;
  version?: string;
  profileName: string;
  profile: ChartProfile;
  source: ChartSource;
  /** The chart's values.yaml; empty when no directory is configured. */
  defaults: Values;
  /** The chart's values.schema.json, enforced on every change when present. */
  schema?: object;
  /** Value paths tenants may not set (`securityContext`, `extraVolumes`). */
  deniedValuePaths: string[];
}

const SOURCE_KINDS: ChartSource['kind'][] = ['HelmRepository', 'OCIRepository'];

function readMap(file: string, field: string): Values {
  let parsed: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    parsed = file.endsWith('.json')
      ? JSON.parse(text)
      : yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    throw new OcdpInputError(
      field,
      `cannot read ${path.basename(file)}: ${(error as Error).message}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OcdpInputError(field, `${path.basename(file)} is not a map`);
  }
  return parsed as Values;
}

function readChart(
  name: string,
  chart: Config,
  chartProfiles: Record<string, ChartProfile>,
): InstanceChart {
  const at = `ocdp.charts.${name}`;
  const profileName = chart.getOptionalString('profile') ?? name;
  const profile = findChartProfile(profileName, chartProfiles);
  if (!profile) {
    throw new OcdpInputError(
      `${at}.profile`,
      `no chart profile "${profileName}" (built in or under ocdp.chartProfiles)`,
    );
  }
  const kind = chart.getString('source.kind') as ChartSource['kind'];
  if (!SOURCE_KINDS.includes(kind)) {
    throw new OcdpInputError(
      `${at}.source.kind`,
      `must be one of ${SOURCE_KINDS.join(', ')}`,
    );
  }
  const namespace = chart.getOptionalString('source.namespace');
  const source: ChartSource = {
    kind,
    name: chart.getString('source.name'),
    ...(namespace ? { namespace } : {}),
  };
  const directory = chart.getOptionalString('directory');
  const dir = directory ? path.resolve(directory) : undefined;
  const chartYaml = dir
    ? readMap(path.join(dir, 'Chart.yaml'), `${at}.directory`)
    : undefined;
  const schemaFile = dir && path.join(dir, 'values.schema.json');
  const version =
    chart.getOptionalString('version') ??
    (typeof chartYaml?.version === 'string' ? chartYaml.version : undefined);
  return {
    name: chart.getOptionalString('chart') ?? name,
    ...(version ? { version } : {}),
    profileName,
    profile,
    source,
    defaults: dir
      ? readMap(path.join(dir, 'values.yaml'), `${at}.directory`)
      : {},
    ...(schemaFile && fs.existsSync(schemaFile)
      ? { schema: readMap(schemaFile, `${at}.directory`) }
      : {}),
    deniedValuePaths: chart.getOptionalStringArray('deniedValuePaths') ?? [],
  };
}

/**
 * Reads `ocdp.charts`: the charts instances may be deployed from, each with its Flux source, chart
 * profile, and (from `directory`) its values.yaml and values.schema.json. A bad entry fails
 * start-up with its path.
 */
export function readInstanceCharts(
  config: Config,
  chartProfiles: Record<string, ChartProfile>,
): Record<string, InstanceChart> {
  const charts = config.getOptionalConfig('ocdp.charts');
  const out: Record<string, InstanceChart> = {};
  for (const name of charts?.keys() ?? []) {
    if (isUnsafeObjectKey(name)) {
      throw new OcdpInputError(`ocdp.charts.${name}`, 'is not an allowed key');
    }
    out[name] = readChart(name, charts!.getConfig(name), chartProfiles);
  }
  return out;
}
