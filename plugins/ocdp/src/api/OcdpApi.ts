import { createApiRef } from '@backstage/core-plugin-api';
import { OcdpCluster } from '@ocdp/plugin-ocdp-common';

/** Client of the OCDP backend (`/api/ocdp`). @public */
export interface OcdpApi {
  listClusters(): Promise<OcdpCluster[]>;
}

/** @public */
export const ocdpApiRef = createApiRef<OcdpApi>({
  id: 'plugin.ocdp.api',
});
