import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { parseChartProfiles } from '@ocdp/plugin-ocdp-common';
import { readOcdpCatalogConfig } from './config';
import { OcdpInstanceEntityProvider } from './provider/OcdpInstanceEntityProvider';
import { InstanceReader } from './provider/readInstances';

/**
 * Publishes OCDP model instances in the catalog.
 *
 * @public
 */
export const catalogModuleOcdp = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ocdp',
  register({ registerInit }) {
    registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        events: eventsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        discovery,
        auth,
        events,
      }) {
        const { system, schedule } = readOcdpCatalogConfig(config);
        catalog.addEntityProvider(
          new OcdpInstanceEntityProvider({
            reader: new InstanceReader(auth, discovery),
            scheduler,
            events,
            logger,
            schedule,
            system,
            chartProfiles: parseChartProfiles(
              config.getOptional('ocdp.chartProfiles'),
            ),
          }),
        );
      },
    });
  },
});
