import { ChartProfile } from '../footprint/profiles';
import { Toleration } from '../footprint/types';
import { ValuesPath } from '../footprint/paths';
import { exposedService, writablePath } from './exposure';
import { Values } from './merge';
import { setPath } from './paths';

/**
 * What a cluster or environment sets in every release's values.
 *
 * @public
 */
export interface ClusterValuesOverlay {
  storageClass?: string;
  runtimeClassName?: string;
  /** Registry prefix for images (a mirror). */
  registryPrefix?: string;
  /** Names of image pull Secrets. */
  imagePullSecrets?: readonly string[];
  nodeSelector?: Readonly<Record<string, string>>;
  tolerations?: readonly Toleration[];
  ingressClassName?: string;
  /** Labels for the pods. */
  labels?: Readonly<Record<string, string>>;
}

/**
 * The overlay as chart values, and the overlay fields the chart profile has no place for.
 *
 * @public
 */
export interface OverlayValues {
  values: Values;
  unmapped: string[];
}

/**
 * Writes a cluster overlay at the paths a chart profile names, to be merged between the chart
 * defaults and the user's parameters (`mergeValues`). Paths inside a workload list (each
 * production-stack modelSpec) cannot be written once for all, so those fields are `unmapped`.
 *
 * @public
 */
export function overlayValues(
  overlay: ClusterValuesOverlay,
  profile: ChartProfile,
): OverlayValues {
  const inList = Boolean(profile.listPath);
  const ingress = exposedService(profile);
  const targets: Array<
    [keyof ClusterValuesOverlay, ValuesPath | undefined, boolean, unknown]
  > = [
    [
      'storageClass',
      profile.storage?.storageClassPath,
      inList,
      overlay.storageClass,
    ],
    [
      'runtimeClassName',
      profile.runtimeClassNamePath,
      inList,
      overlay.runtimeClassName,
    ],
    [
      'registryPrefix',
      profile.imageRegistryPath,
      inList,
      overlay.registryPrefix,
    ],
    [
      'imagePullSecrets',
      profile.imagePullSecretsPath,
      inList,
      overlay.imagePullSecrets?.map(name => ({ name })),
    ],
    ['nodeSelector', profile.nodeSelectorPath, inList, overlay.nodeSelector],
    ['tolerations', profile.tolerationsPath, inList, overlay.tolerations],
    [
      'ingressClassName',
      ingress?.service.ingress?.classNamePath,
      ingress?.inList ?? false,
      overlay.ingressClassName,
    ],
    ['labels', profile.labelsPath, inList, overlay.labels],
  ];
  const values: Values = {};
  const unmapped: string[] = [];
  for (const [field, paths, relative, value] of targets) {
    if (value === undefined) {
      continue;
    }
    const path = writablePath(paths, relative);
    if (path) {
      setPath(values, path, value);
    } else {
      unmapped.push(field);
    }
  }
  return { values, unmapped };
}
