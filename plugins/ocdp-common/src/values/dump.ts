import yaml from 'js-yaml';
import { Values } from './merge';

/**
 * Values as a YAML document: keys sorted, no line folding, no anchors.
 *
 * @public
 */
export function dumpValuesYaml(values: Values): string {
  return yaml.dump(values, { lineWidth: -1, noRefs: true, sortKeys: true });
}
