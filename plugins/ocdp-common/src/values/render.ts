import { OcdpInputError } from '../errors';
import { ChartProfile } from '../footprint/profiles';
import { ValuesPath, readPath } from '../footprint/paths';
import { dumpValuesYaml } from './dump';
import { ExposureChoice, exposureValues } from './exposure';
import { Values, mergeValues } from './merge';
import { ClusterValuesOverlay, overlayValues } from './overlay';
import { setPath } from './paths';
import { validateValues } from './validate';

/**
 * Everything that goes into a release's values.
 *
 * @public
 */
export interface RenderValuesInput {
  profile: ChartProfile;
  /** The chart's own values.yaml. */
  chartDefaults?: Values;
  overlay?: ClusterValuesOverlay;
  userParams?: Values;
  exposure?: ExposureChoice;
  /** The chart's values.schema.json; the merged values are validated when it is given. */
  schema?: object;
  /** Dotted paths users may not set (`image.repository`, `runtimeClassName`). */
  deniedPaths?: readonly string[];
}

/**
 * Rendered values, their YAML, and what is wrong with them.
 *
 * @public
 */
export interface RenderedValues {
  values: Values;
  yaml: string;
  /** Denied paths the user set and schema errors, each naming its path; empty when valid. */
  errors: string[];
  /** Overlay fields the chart profile has no place for. */
  unmapped: string[];
}

type ListField = [keyof ClusterValuesOverlay, ValuesPath | undefined, unknown];

/** Writes list-relative overlay fields into each list element that does not set them. */
function fillListElements(
  values: Values,
  overlay: ClusterValuesOverlay,
  profile: ChartProfile,
  unmapped: string[],
): string[] {
  const list = profile.listPath
    ? readPath(values, profile.listPath)
    : undefined;
  if (!Array.isArray(list)) {
    return unmapped;
  }
  const fields: ListField[] = [
    ['storageClass', profile.storage?.storageClassPath, overlay.storageClass],
    [
      'runtimeClassName',
      profile.runtimeClassNamePath,
      overlay.runtimeClassName,
    ],
    ['registryPrefix', profile.imageRegistryPath, overlay.registryPrefix],
    [
      'imagePullSecrets',
      profile.imagePullSecretsPath,
      overlay.imagePullSecrets?.map(name => ({ name })),
    ],
    ['nodeSelector', profile.nodeSelectorPath, overlay.nodeSelector],
    ['tolerations', profile.tolerationsPath, overlay.tolerations],
    ['labels', profile.labelsPath, overlay.labels],
  ];
  const still = [...unmapped];
  for (const [field, paths, value] of fields) {
    const relative = ([] as string[])
      .concat(paths ?? [])
      .find(p => !p.startsWith('$.'));
    if (!still.includes(field) || !relative) {
      continue;
    }
    for (const element of list) {
      if (
        typeof element === 'object' &&
        element !== null &&
        readPath(element, relative) === undefined
      ) {
        setPath(element as Values, relative, structuredClone(value));
      }
    }
    still.splice(still.indexOf(field), 1);
  }
  return still;
}

/** The denied paths a user's parameters set. */
function deniedErrors(
  userParams: Values | undefined,
  denied: readonly string[],
): string[] {
  return denied
    .filter(path => readPath(userParams, path) !== undefined)
    .map(path => `${path}: may not be set, an administrator reserves it`);
}

/**
 * The whole values pipeline of the render action: chart defaults ← cluster overlay ← user
 * parameters ← exposure choice, merged (`mergeValues`); overlay fields that belong to each element
 * of a workload list filled in where the user left them unset; denied paths and the chart's schema
 * checked; the result dumped as YAML.
 *
 * @throws OcdpInputError for prototype-polluting keys and a bad exposure choice.
 * @public
 */
export function renderValues(input: RenderValuesInput): RenderedValues {
  const { profile, overlay = {} } = input;
  const cluster = overlayValues(overlay, profile);
  const exposure = input.exposure
    ? exposureValues(input.exposure, profile)
    : undefined;
  const user = mergeValues(input.userParams, undefined, exposure);
  const values = mergeValues(input.chartDefaults, cluster.values, user);
  const unmapped = fillListElements(values, overlay, profile, cluster.unmapped);
  const errors = [
    ...deniedErrors(input.userParams, input.deniedPaths ?? []),
    ...(input.schema ? validateValues(values, input.schema) : []),
  ];
  return { values, yaml: dumpValuesYaml(values), errors, unmapped };
}

/**
 * Throws the first error of rendered values, for callers that refuse invalid values outright.
 *
 * @throws OcdpInputError naming the path.
 * @public
 */
export function assertRenderedValues(rendered: RenderedValues): void {
  const [first] = rendered.errors;
  if (first) {
    const colon = first.indexOf(': ');
    throw new OcdpInputError(first.slice(0, colon), first.slice(colon + 2));
  }
}
