import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ocdpClustersServiceRef } from '@ocdp/plugin-ocdp-node';
import { createClusterCheckAction } from './actions/clusterCheck';

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
      },
      async init({ scaffolderActions, clusters }) {
        scaffolderActions.addActions(createClusterCheckAction({ clusters }));
      },
    });
  },
});
