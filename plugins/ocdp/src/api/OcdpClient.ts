import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ClusterGpuReport,
  ClusterGpuUtilization,
  EntityGpuUsage,
  OcdpCluster,
  OcdpClusterList,
  OcdpCreateTenantRequest,
  OcdpInstance,
  OcdpInstanceDetails,
  OcdpInstanceList,
  OcdpInstanceListQuery,
  OcdpPrecheckReport,
  OcdpPrecheckRequest,
  OcdpTenant,
  OcdpTenantBinding,
  OcdpTenantList,
  OcdpTenantListQuery,
  OcdpTenantUsage,
  OcdpUpdateQuotaRequest,
  Values,
} from '@ocdp/plugin-ocdp-common';
import { GpuUtilizationQuery, OcdpApi } from './OcdpApi';
import { responseErrorFrom } from './responseError';
import { refusalOrError } from './OcdpRefusalError';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** Default OcdpApi implementation over the backend's HTTP API. @public */
export class OcdpClient implements OcdpApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listClusters(): Promise<OcdpCluster[]> {
    const body = await this.requestJson<OcdpClusterList>('/clusters');
    return body.items;
  }

  async listTenants(): Promise<OcdpTenant[]> {
    const body = await this.requestJson<OcdpTenantList>('/tenants');
    return body.items;
  }

  async listTenantsPage(query: OcdpTenantListQuery): Promise<OcdpTenantList> {
    return this.requestJson<OcdpTenantList>(
      `/tenants${tenantListSearch(query)}`,
    );
  }

  async getTenant(tenant: string): Promise<OcdpTenant> {
    return this.requestJson<OcdpTenant>(tenantPath(tenant));
  }

  async createTenant(request: OcdpCreateTenantRequest): Promise<OcdpTenant> {
    return this.requestJson<OcdpTenant>('/tenants', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(request),
    });
  }

  async updateQuota(
    tenant: string,
    cluster: string,
    request: OcdpUpdateQuotaRequest,
    version?: number,
  ): Promise<OcdpTenantBinding> {
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (version !== undefined) {
      headers['If-Match'] = String(version);
    }
    return this.requestJson<OcdpTenantBinding>(
      `${tenantPath(tenant)}/bindings/${encodeURIComponent(cluster)}`,
      { method: 'PUT', headers, body: JSON.stringify(request) },
    );
  }

  async deleteTenant(tenant: string): Promise<void> {
    await this.request(tenantPath(tenant), { method: 'DELETE' });
  }

  async getTenantUsage(tenant: string): Promise<OcdpTenantUsage> {
    return this.requestJson<OcdpTenantUsage>(`${tenantPath(tenant)}/usage`);
  }

  async downloadKubeconfig(
    tenant: string,
    cluster: string,
  ): Promise<{ kubeconfig: string; expiresAt?: string }> {
    const response = await this.request(
      `${tenantPath(tenant)}/bindings/${encodeURIComponent(
        cluster,
      )}/kubeconfig`,
      { method: 'POST' },
    );
    const expiresAt = response.headers.get('X-Token-Expires-At');
    return {
      kubeconfig: await response.text(),
      ...(expiresAt ? { expiresAt } : {}),
    };
  }

  async getClusterGpu(cluster: string): Promise<ClusterGpuReport> {
    return this.requestJson<ClusterGpuReport>(`${clusterPath(cluster)}/gpu`);
  }

  async getClusterGpuUtilization(
    cluster: string,
    query: GpuUtilizationQuery,
  ): Promise<ClusterGpuUtilization> {
    const params = new URLSearchParams({ range: query.range });
    if (query.groupBy) {
      params.set('groupBy', query.groupBy);
    }
    return this.requestJson<ClusterGpuUtilization>(
      `${clusterPath(cluster)}/gpu/utilization?${params}`,
    );
  }

  async getEntityGpu(entity: CompoundEntityRef): Promise<EntityGpuUsage> {
    const path = [
      entity.kind.toLocaleLowerCase('en-US'),
      entity.namespace,
      entity.name,
    ]
      .map(encodeURIComponent)
      .join('/');
    return this.requestJson<EntityGpuUsage>(`/entity/${path}/gpu`);
  }

  async listInstances(
    query: OcdpInstanceListQuery = {},
  ): Promise<OcdpInstance[]> {
    const params = new URLSearchParams();
    for (const name of ['tenant', 'cluster', 'status'] as const) {
      const value = query[name];
      if (value) {
        params.set(name, value);
      }
    }
    const search = params.toString();
    const body = await this.requestJson<OcdpInstanceList>(
      `/instances${search ? `?${search}` : ''}`,
    );
    return body.items;
  }

  async getInstance(id: string): Promise<OcdpInstanceDetails> {
    return this.requestJson<OcdpInstanceDetails>(instancePath(id));
  }

  async scaleInstance(
    id: string,
    replicas: number,
    version?: number,
  ): Promise<OcdpInstance> {
    return this.changeInstance(id, { replicas }, version);
  }

  async changeInstanceValues(
    id: string,
    values: Values,
    version?: number,
  ): Promise<OcdpInstance> {
    return this.changeInstance(id, { values }, version);
  }

  async deleteInstance(id: string): Promise<void> {
    await this.request(instancePath(id), { method: 'DELETE' });
  }

  async precheck(request: OcdpPrecheckRequest): Promise<OcdpPrecheckReport> {
    return this.requestJson<OcdpPrecheckReport>('/precheck', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(request),
    });
  }

  private async changeInstance(
    id: string,
    change: { replicas: number } | { values: Values },
    version?: number,
  ): Promise<OcdpInstance> {
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (version !== undefined) {
      headers['If-Match'] = `"${version}"`;
    }
    try {
      return await this.requestJson<OcdpInstance>(instancePath(id), {
        method: 'PATCH',
        headers,
        body: JSON.stringify(change),
      });
    } catch (error) {
      throw refusalOrError(error);
    }
  }

  private async requestJson<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.request(path, init);
    return (await response.json()) as T;
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ocdp');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await responseErrorFrom(response);
    }
    return response;
  }
}

function clusterPath(cluster: string): string {
  return `/clusters/${encodeURIComponent(cluster)}`;
}

function instancePath(id: string): string {
  return `/instances/${encodeURIComponent(id)}`;
}

function tenantPath(tenant: string): string {
  return `/tenants/${encodeURIComponent(tenant)}`;
}

/** `?limit=50&q=vis`: the query's set parameters, in a fixed order; `''` when none is set. */
export function tenantListSearch(query: OcdpTenantListQuery): string {
  const params = new URLSearchParams();
  if (query.limit !== undefined) {
    params.set('limit', String(query.limit));
  }
  for (const name of ['cursor', 'q', 'owner', 'cluster'] as const) {
    const value = query[name]?.trim();
    if (value) {
      params.set(name, value);
    }
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}
