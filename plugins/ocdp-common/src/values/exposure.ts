import { OcdpInputError } from '../errors';
import {
  ChartProfile,
  EXPOSURES,
  Exposure,
  ServiceProfile,
} from '../footprint/profiles';
import { ValuesPath } from '../footprint/paths';
import { Values } from './merge';
import { setPath } from './paths';

/**
 * How the user wants to reach the model server.
 *
 * @public
 */
export interface ExposureChoice {
  type: Exposure;
  /** A node port (30000–32767) for `nodeport` and `loadbalancer`; Kubernetes picks one when absent. */
  nodePort?: number;
  /** The Ingress host, for `ingress`. */
  host?: string;
}

/** A path the values can be written at: the first root-level one. */
export function writablePath(
  paths: ValuesPath | undefined,
  inList: boolean,
): string | undefined {
  const list = paths === undefined ? [] : ([] as string[]).concat(paths);
  return list.find(p => p.startsWith('$.') || !inList);
}

/** The Service a user's exposure choice is written to: the first one with a type path outside a list. */
export function exposedService(
  profile: ChartProfile,
): { service: ServiceProfile; inList: boolean } | undefined {
  for (const workload of [profile, ...(profile.extraWorkloads ?? [])]) {
    const inList = Boolean(workload.listPath);
    const service = (workload.services ?? []).find(s =>
      writablePath(s.typePath, inList),
    );
    if (service) {
      return { service, inList };
    }
  }
  return undefined;
}

/**
 * The chart values for an exposure choice (`{ exposure: { type: 'nodeport', nodePort: 30080 } }`
 * for the model-server chart, `{ service: { type: 'NodePort' } }` for a generic one). A node port
 * is written only when the user gives one.
 *
 * @throws OcdpInputError naming `exposure.type`, `exposure.nodePort` or `exposure.host`.
 * @public
 */
export function exposureValues(
  choice: ExposureChoice,
  profile: ChartProfile,
): Values {
  if (!EXPOSURES.includes(choice.type)) {
    throw new OcdpInputError(
      'exposure.type',
      `must be one of ${EXPOSURES.join(', ')}`,
    );
  }
  const found = exposedService(profile);
  if (!found) {
    throw new OcdpInputError(
      'exposure.type',
      `chart profile ${profile.name} has no Service type to set`,
    );
  }
  const { service, inList } = found;
  const chartValue = service.exposureValues?.[choice.type];
  if (chartValue === undefined) {
    throw new OcdpInputError(
      'exposure.type',
      `${choice.type} is not offered by chart profile ${profile.name}`,
    );
  }
  const values: Values = {};
  setPath(values, writablePath(service.typePath, inList)!, chartValue);
  if (choice.nodePort !== undefined) {
    if (choice.type !== 'nodeport' && choice.type !== 'loadbalancer') {
      throw new OcdpInputError(
        'exposure.nodePort',
        'is only for nodeport or loadbalancer',
      );
    }
    if (
      !Number.isInteger(choice.nodePort) ||
      choice.nodePort < 30000 ||
      choice.nodePort > 32767
    ) {
      throw new OcdpInputError(
        'exposure.nodePort',
        'must be an integer from 30000 to 32767',
      );
    }
    const path = writablePath(service.nodePortPath, inList);
    if (!path) {
      throw new OcdpInputError(
        'exposure.nodePort',
        `chart profile ${profile.name} has no node port to set`,
      );
    }
    setPath(values, path, choice.nodePort);
  }
  const ingress = service.ingress;
  if (choice.type === 'ingress' && ingress) {
    const enabled = writablePath(ingress.enabledPath, inList);
    if (enabled) {
      setPath(values, enabled, true);
    }
    const hostPath = writablePath(ingress.hostPath, inList);
    if (hostPath) {
      if (!choice.host) {
        throw new OcdpInputError('exposure.host', 'is required for ingress');
      }
      setPath(values, hostPath, choice.host);
    }
  }
  return values;
}
