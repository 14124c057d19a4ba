import { quotaDrift } from './drift';

describe('quotaDrift', () => {
  it('compares quantities by value', () => {
    expect(
      quotaDrift(
        { 'requests.cpu': '1', 'requests.memory': '1Gi', pods: '1k' },
        { 'requests.cpu': '1000m', 'requests.memory': '1024Mi', pods: '1000' },
      ),
    ).toEqual([]);
  });

  it('reports changed values', () => {
    expect(
      quotaDrift({ 'requests.cpu': '2' }, { 'requests.cpu': '1' }),
    ).toEqual([{ key: 'requests.cpu', spec: '2', live: '1' }]);
    expect(
      quotaDrift({ 'requests.memory': '1Gi' }, { 'requests.memory': '1G' }),
    ).toEqual([{ key: 'requests.memory', spec: '1Gi', live: '1G' }]);
  });

  it('reports keys missing on either side', () => {
    expect(
      quotaDrift(
        { 'requests.cpu': '1', 'requests.nvidia.com/gpu': '0' },
        { 'requests.cpu': '1', pods: '10' },
      ),
    ).toEqual([
      { key: 'requests.nvidia.com/gpu', spec: '0' },
      { key: 'pods', live: '10' },
    ]);
  });

  it('reports every spec key when there is no live ResourceQuota', () => {
    expect(
      quotaDrift({ 'requests.memory': '8Gi', 'requests.cpu': '4' }, undefined),
    ).toEqual([
      { key: 'requests.cpu', spec: '4' },
      { key: 'requests.memory', spec: '8Gi' },
    ]);
    expect(quotaDrift({}, undefined)).toEqual([]);
  });

  it('compares values that are not quantities as strings', () => {
    expect(quotaDrift({ pods: '1' }, { pods: 'junk' })).toEqual([
      { key: 'pods', spec: '1', live: 'junk' },
    ]);
    expect(quotaDrift({ pods: 'junk' }, { pods: 'junk' })).toEqual([]);
  });
});
