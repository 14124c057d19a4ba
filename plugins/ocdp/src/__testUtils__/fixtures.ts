import { OcdpTenant, OcdpTenantUsage } from '@ocdp/plugin-ocdp-common';

export const GPU_KEYS = [
  'requests.nvidia.com/gpu',
  'requests.nvidia.com/gpumem',
];

export const teamTenant: OcdpTenant = {
  name: 'vision',
  owner: 'group:default/team-vision',
  personal: false,
  createdBy: 'user:default/ada',
  createdAt: '2026-01-01T00:00:00Z',
  bindings: [
    {
      cluster: 'demo',
      namespace: 'vision',
      quota: {
        'requests.cpu': '8',
        'requests.nvidia.com/gpu': '2',
        'requests.nvidia.com/gpumem': '0',
      },
      syncStatus: 'synced',
      version: 3,
    },
    {
      cluster: 'lab',
      namespace: 'vision-lab',
      quota: {},
      syncStatus: 'error',
      lastError: 'API server unreachable',
      version: 1,
    },
  ],
};

export const personalTenant: OcdpTenant = {
  name: 'u-ben',
  owner: 'user:default/ben',
  personal: true,
  createdBy: 'user:default/ben',
  createdAt: '2026-01-02T00:00:00Z',
  bindings: [
    {
      cluster: 'demo',
      namespace: 'ocdp-u-ben',
      quota: { 'requests.cpu': '4', 'requests.memory': '16Gi' },
      syncStatus: 'pending',
      version: 1,
    },
  ],
};

export const teamUsage: OcdpTenantUsage = {
  tenant: 'vision',
  bindings: [
    {
      cluster: 'demo',
      namespace: 'vision',
      spec: teamTenant.bindings[0].quota,
      live: {
        hard: {
          'requests.cpu': '8',
          'requests.nvidia.com/gpu': '2',
          'requests.nvidia.com/gpumem': '0',
        },
        used: { 'requests.cpu': '2', 'requests.memory': '4Gi' },
      },
      drift: [],
      syncStatus: 'synced',
      version: 3,
    },
  ],
};

export const personalUsage: OcdpTenantUsage = {
  tenant: 'u-ben',
  bindings: [
    {
      cluster: 'demo',
      namespace: 'ocdp-u-ben',
      spec: personalTenant.bindings[0].quota,
      live: {
        hard: { 'requests.cpu': '4', 'requests.memory': '16Gi' },
        used: { 'requests.cpu': '1500m', 'requests.memory': '4Gi' },
      },
      drift: [],
      syncStatus: 'synced',
      version: 1,
    },
  ],
};
