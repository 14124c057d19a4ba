import {
  ChartProfile,
  OcdpInputError,
  Values,
  mergeValues,
} from '@ocdp/plugin-ocdp-common';

/**
 * Values with the replica count set where the chart profile keeps it. Charts that keep several
 * workloads in a list are scaled by editing their values, so they are refused here.
 */
export function setReplicas(
  values: Values,
  profile: ChartProfile,
  replicas: number,
): Values {
  const path = ([] as string[]).concat(profile.replicasPath ?? [])[0];
  if (!path || profile.listPath) {
    throw new OcdpInputError(
      'replicas',
      `chart profile "${profile.name}" has no single replica count; change the values instead`,
    );
  }
  const segments = path.replace(/^\$\./, '').split('.');
  const delta: Values = {};
  let at = delta;
  for (const segment of segments.slice(0, -1)) {
    at[segment] = {};
    at = at[segment] as Values;
  }
  at[segments[segments.length - 1]] = replicas;
  return mergeValues(values, undefined, delta);
}
