import {
  isByteQuotaKey,
  isCpuQuotaKey,
  isGpuMemoryQuotaKey,
  isMemoryQuotaKey,
  isStorageQuotaKey,
  isUnsafeObjectKey,
  isValidQuotaKey,
  looksLikeGpuQuotaKey,
} from './keys';

describe('isValidQuotaKey', () => {
  it.each([
    'cpu',
    'memory',
    'requests.cpu',
    'requests.memory',
    'limits.cpu',
    'limits.memory',
    'pods',
    'services',
    'secrets',
    'configmaps',
    'resourcequotas',
    'replicationcontrollers',
    'services.nodeports',
    'services.loadbalancers',
    'persistentvolumeclaims',
    'requests.storage',
    'ephemeral-storage',
    'requests.ephemeral-storage',
    'limits.ephemeral-storage',
    'hugepages-2Mi',
    'requests.hugepages-1Gi',
    'count/deployments.apps',
    'count/pods',
    'count/widgets.example.com',
    'gold.storageclass.storage.k8s.io/requests.storage',
    'gold.storageclass.storage.k8s.io/persistentvolumeclaims',
    'requests.nvidia.com/gpu',
    'requests.nvidia.com/gpumem',
    'requests.nvidia.com/mig-1g.10gb',
    'nvidia.com/gpumem',
    'limits.nvidia.com/gpu',
    'example.com/Mixed_Case.name',
    `nvidia.com/${'g'.repeat(63)}`,
    `${'a.'.repeat(126)}a/x`,
  ])('accepts %s', key => {
    expect(isValidQuotaKey(key)).toBe(true);
  });

  it.each([
    '',
    '__proto__',
    'constructor',
    'prototype',
    'storage',
    'gpu',
    'foo',
    'requests',
    'CPU',
    'requests.nvidia',
    'a/b/c',
    '/gpu',
    'nvidia.com/',
    'nvidia.com/-gpu',
    'nvidia.com/gpu-',
    'Requests.nvidia.com/gpu',
    'nvidia_com/gpu',
    'requests.nvidia.com/gpu mem',
    'count/',
    `nvidia.com/${'g'.repeat(64)}`,
    `${'a.'.repeat(127)}a/x`,
  ])('rejects %j', key => {
    expect(isValidQuotaKey(key)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isValidQuotaKey(undefined)).toBe(false);
    expect(isValidQuotaKey(42)).toBe(false);
  });
});

describe('key classes', () => {
  it('knows unsafe object keys', () => {
    expect(
      ['__proto__', 'constructor', 'prototype'].map(isUnsafeObjectKey),
    ).toEqual([true, true, true]);
    expect(isUnsafeObjectKey('proto')).toBe(false);
  });

  it('classifies CPU and memory keys', () => {
    expect(['cpu', 'requests.cpu', 'limits.cpu'].every(isCpuQuotaKey)).toBe(
      true,
    );
    expect(isCpuQuotaKey('requests.nvidia.com/gpu')).toBe(false);
    expect(
      ['memory', 'requests.memory', 'limits.memory'].every(isMemoryQuotaKey),
    ).toBe(true);
    expect(isMemoryQuotaKey('requests.nvidia.com/gpumem')).toBe(false);
  });

  it('classifies storage keys', () => {
    expect(isStorageQuotaKey('requests.storage')).toBe(true);
    expect(isStorageQuotaKey('ephemeral-storage')).toBe(true);
    expect(isStorageQuotaKey('limits.ephemeral-storage')).toBe(true);
    expect(
      isStorageQuotaKey('gold.storageclass.storage.k8s.io/requests.storage'),
    ).toBe(true);
    expect(
      isStorageQuotaKey(
        'gold.storageclass.storage.k8s.io/persistentvolumeclaims',
      ),
    ).toBe(false);
    expect(isStorageQuotaKey('persistentvolumeclaims')).toBe(false);
  });

  it('classifies byte keys', () => {
    expect(isByteQuotaKey('memory')).toBe(true);
    expect(isByteQuotaKey('limits.memory')).toBe(true);
    expect(isByteQuotaKey('requests.storage')).toBe(true);
    expect(isByteQuotaKey('hugepages-2Mi')).toBe(true);
    expect(isByteQuotaKey('requests.cpu')).toBe(false);
    expect(isByteQuotaKey('requests.nvidia.com/gpumem')).toBe(false);
  });

  it('classifies GPU memory keys', () => {
    expect(isGpuMemoryQuotaKey('nvidia.com/gpumem')).toBe(true);
    expect(isGpuMemoryQuotaKey('requests.nvidia.com/gpumem')).toBe(true);
    expect(isGpuMemoryQuotaKey('requests.example.com/gpu-memory')).toBe(true);
    expect(isGpuMemoryQuotaKey('requests.nvidia.com/gpu')).toBe(false);
    expect(isGpuMemoryQuotaKey('requests.memory')).toBe(false);
  });

  it('recognizes GPU-like keys for display', () => {
    expect(looksLikeGpuQuotaKey('requests.nvidia.com/gpu')).toBe(true);
    expect(looksLikeGpuQuotaKey('requests.nvidia.com/mig-2g.20gb')).toBe(true);
    expect(
      looksLikeGpuQuotaKey('requests.example.com/accel', [
        'requests.example.com/accel',
      ]),
    ).toBe(true);
    expect(looksLikeGpuQuotaKey('requests.example.com/accel')).toBe(false);
    expect(looksLikeGpuQuotaKey('pods')).toBe(false);
  });
});
