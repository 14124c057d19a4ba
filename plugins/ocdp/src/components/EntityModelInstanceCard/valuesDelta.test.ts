import { mergeValues } from '@ocdp/plugin-ocdp-common';
import { describeDelta, valuesDelta } from './valuesDelta';

const current = {
  replicaCount: 1,
  model: { id: 'meta-llama/Llama-3.1-8B-Instruct', maxModelLen: 8192 },
  gpu: { resource: 'nvidia.com/gpu', count: 1 },
  tolerations: [{ key: 'gpu', operator: 'Exists' }],
  cache: { size: '20Gi' },
};

describe('valuesDelta', () => {
  it('is empty when nothing changed', () => {
    expect(valuesDelta(current, JSON.parse(JSON.stringify(current)))).toEqual(
      {},
    );
  });

  it('keeps only changed leaves, whole lists, and null for removed keys', () => {
    const edited = JSON.parse(JSON.stringify(current));
    edited.model.maxModelLen = 4096;
    edited.tolerations.push({ key: 'spot', operator: 'Exists' });
    delete edited.cache;
    edited.nodeSelector = { pool: 'a100' };
    const delta = valuesDelta(current, edited);
    expect(delta).toEqual({
      model: { maxModelLen: 4096 },
      tolerations: edited.tolerations,
      cache: null,
      nodeSelector: { pool: 'a100' },
    });
    // merged as the backend merges, the delta gives back the edit (a null stays, Helm drops it)
    expect(mergeValues(current, undefined, delta)).toEqual({
      ...edited,
      cache: null,
    });
  });

  it('replaces a map turned into a scalar', () => {
    expect(valuesDelta(current, { ...current, gpu: 'none' })).toEqual({
      gpu: 'none',
    });
  });
});

describe('describeDelta', () => {
  it('names each changed key with its path and kind', () => {
    const delta = {
      model: { maxModelLen: 4096, dtype: 'bfloat16' },
      cache: null,
    };
    expect(describeDelta(current, delta)).toEqual([
      {
        path: 'model.maxModelLen',
        kind: 'changed',
        before: 8192,
        after: 4096,
      },
      {
        path: 'model.dtype',
        kind: 'added',
        before: undefined,
        after: 'bfloat16',
      },
      {
        path: 'cache',
        kind: 'removed',
        before: { size: '20Gi' },
        after: undefined,
      },
    ]);
  });
});
