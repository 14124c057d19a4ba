import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { OcdpInstance, OcdpInstanceList } from '@ocdp/plugin-ocdp-common';

/** Reads every instance from the OCDP backend as this plugin's own service. */
export class InstanceReader {
  constructor(
    private readonly auth: AuthService,
    private readonly discovery: DiscoveryService,
  ) {}

  /** Base URL of the OCDP backend (`…/api/ocdp`). */
  baseUrl(): Promise<string> {
    return this.discovery.getBaseUrl('ocdp');
  }

  async list(signal?: AbortSignal): Promise<OcdpInstance[]> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'ocdp',
    });
    const response = await fetch(`${await this.baseUrl()}/instances`, {
      headers: { Authorization: `Bearer ${token}` },
      signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = (await response.json()) as OcdpInstanceList;
    if (!Array.isArray(body?.items)) {
      throw new Error('GET /instances of the OCDP backend gave no items list');
    }
    return body.items;
  }
}
