import { Config } from '@backstage/config';
import {
  ChartProfile,
  ClusterValuesOverlay,
  parseChartProfiles,
  parseEnvironments,
} from '@ocdp/plugin-ocdp-common';

/**
 * What the render action reads from config: each cluster's environment overlay and the
 * administrators' chart profiles.
 *
 * @public
 */
export interface OcdpValuesConfig {
  /** `ocdp.environments`: cluster name → what every release on it gets in its values. */
  environments: Readonly<Record<string, ClusterValuesOverlay>>;
  /** `ocdp.chartProfiles`: name → profile, besides the built-in ones. */
  chartProfiles: Readonly<Record<string, ChartProfile>>;
}

/**
 * Reads the render action's config, failing at start-up with the path of a bad setting.
 *
 * @public
 */
export function readOcdpValuesConfig(config: Config): OcdpValuesConfig {
  return {
    environments: parseEnvironments(config.getOptional('ocdp.environments')),
    chartProfiles: parseChartProfiles(config.getOptional('ocdp.chartProfiles')),
  };
}
