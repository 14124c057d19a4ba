import { ChartProfile } from '../footprint/profiles';
import { readPath } from '../footprint/paths';
import { Values, mergeValues } from '../values';
import { setPath } from '../values/paths';

const isMap = (v: unknown): v is Values =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function addLabels(
  target: Values,
  path: string,
  labels: Record<string, string>,
): void {
  const existing = readPath(target, path.replace(/^\$\./, ''));
  setPath(target, path, { ...(isMap(existing) ? existing : {}), ...labels });
}

/**
 * Values with `labels` added where the chart profile puts workload labels (`labelsPath`): at the
 * root, or in every element of the profile's workload list. Labels the values already carry under
 * the same keys are replaced, so a user cannot point an instance's pods at another entity.
 *
 * @throws Error when the profile has no place for labels.
 * @public
 */
export function withWorkloadLabels(
  values: Values,
  profile: ChartProfile,
  labels: Record<string, string>,
): Values {
  const paths = ([] as string[]).concat(profile.labelsPath ?? []);
  if (paths.length === 0) {
    throw new Error(
      `chart profile "${profile.name}" has no labelsPath: instances need labels on their pods`,
    );
  }
  const out = mergeValues(values, undefined, undefined);
  for (const path of paths) {
    if (path.startsWith('$.') || !profile.listPath) {
      addLabels(out, path, labels);
      continue;
    }
    const list = readPath(out, profile.listPath);
    for (const element of Array.isArray(list) ? list : []) {
      if (isMap(element)) addLabels(element, path, labels);
    }
  }
  return out;
}
