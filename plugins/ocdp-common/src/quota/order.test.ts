import { compareQuotaKeys, sortQuotaKeys } from './order';

describe('sortQuotaKeys', () => {
  it('orders CPU, memory, GPU, storage, then others alphabetically', () => {
    expect(
      sortQuotaKeys([
        'pods',
        'requests.storage',
        'requests.nvidia.com/gpumem',
        'limits.memory',
        'requests.cpu',
        'count/deployments.apps',
        'requests.memory',
        'cpu',
        'requests.nvidia.com/gpu',
        'persistentvolumeclaims',
        'gold.storageclass.storage.k8s.io/requests.storage',
        'limits.cpu',
        'memory',
        'services',
      ]),
    ).toEqual([
      'cpu',
      'requests.cpu',
      'limits.cpu',
      'memory',
      'requests.memory',
      'limits.memory',
      'requests.nvidia.com/gpu',
      'requests.nvidia.com/gpumem',
      'gold.storageclass.storage.k8s.io/requests.storage',
      'persistentvolumeclaims',
      'requests.storage',
      'count/deployments.apps',
      'pods',
      'services',
    ]);
  });

  it('puts configured GPU keys with the GPUs whatever their name', () => {
    expect(
      sortQuotaKeys(
        ['pods', 'requests.example.com/accel', 'requests.cpu'],
        ['requests.example.com/accel'],
      ),
    ).toEqual(['requests.cpu', 'requests.example.com/accel', 'pods']);
    expect(sortQuotaKeys(['requests.example.com/accel', 'pods'])).toEqual([
      'pods',
      'requests.example.com/accel',
    ]);
  });

  it('compares a key equal to itself', () => {
    expect(compareQuotaKeys('pods', 'pods')).toBe(0);
    expect(compareQuotaKeys('cpu', 'cpu')).toBe(0);
  });
});
