import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** `ocdp.catalog`, read at start-up. @public */
export interface OcdpCatalogConfig {
  /** `spec.system` of every instance Component, when set. */
  system?: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 5 },
};

/** Reads `ocdp.catalog`; a bad setting fails start-up with its path. @public */
export function readOcdpCatalogConfig(config: Config): OcdpCatalogConfig {
  const catalog = config.getOptionalConfig('ocdp.catalog');
  const system = catalog?.getOptionalString('system');
  const schedule = catalog?.getOptionalConfig('schedule');
  return {
    ...(system ? { system } : {}),
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_SCHEDULE,
  };
}
