import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  ocdp?: {
    /** How model instances are published in the catalog (`@ocdp/plugin-catalog-backend-module-ocdp`). */
    catalog?: {
      /** The `spec.system` of every model instance Component. */
      system?: string;
      /**
       * How often the provider reads every instance again (a full refresh); events publish
       * creates and deletes at once in between. Default: every minute, 3 minute timeout.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
