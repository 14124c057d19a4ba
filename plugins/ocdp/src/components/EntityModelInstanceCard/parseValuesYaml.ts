import { Values } from '@ocdp/plugin-ocdp-common';
import yaml from 'js-yaml';

/** The edited values, or why they are not a YAML map. */
export function parseValuesYaml(
  text: string,
): { values: Values } | { error: string } {
  let parsed: unknown;
  try {
    parsed = yaml.load(text, { schema: yaml.JSON_SCHEMA });
  } catch (error) {
    return { error: `Not valid YAML: ${(error as Error).message}` };
  }
  if (parsed === undefined || parsed === null) {
    return { values: {} };
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { error: 'The values must be a YAML map (key: value lines).' };
  }
  return { values: parsed as Values };
}
