import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ocdpClustersServiceRef } from '@ocdp/plugin-ocdp-node';
import { createClusterCheckAction } from './actions/clusterCheck';
import { readDeployCharts } from './actions/deployCharts';
import { createDeployModelAction } from './actions/deployModel';
import { createQuotaPrecheckAction } from './actions/quotaPrecheck';
import { createRenderValuesAction } from './actions/renderValues';
import { readOcdpValuesConfig } from './config';

/**
 * Registers the OCDP scaffolder actions.
 *
 * @public
 */
export const scaffolderModuleOcdp = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ocdp',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        clusters: ocdpClustersServiceRef,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolderActions, clusters, config, auth, discovery }) {
        const valuesConfig = readOcdpValuesConfig(config);
        scaffolderActions.addActions(
          createClusterCheckAction({ clusters }),
          createRenderValuesAction(valuesConfig),
          createQuotaPrecheckAction({ auth, discovery }),
          createDeployModelAction({
            auth,
            discovery,
            charts: readDeployCharts(config),
            chartProfiles: valuesConfig.chartProfiles,
          }),
        );
      },
    });
  },
});
