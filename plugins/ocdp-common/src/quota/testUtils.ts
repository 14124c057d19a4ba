/** GPU keys as an admin would configure them (`ocdp.quota.gpuResourceKeys`). */
export const GPU_KEYS = [
  'requests.nvidia.com/gpu',
  'requests.nvidia.com/gpumem',
  'requests.nvidia.com/mig-1g.10gb',
];

export const GPU = 'requests.nvidia.com/gpu';
export const GPUMEM = 'requests.nvidia.com/gpumem';
export const MIG = 'requests.nvidia.com/mig-1g.10gb';

/** The error thrown by `fn`, failing the test when nothing is thrown. */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error to be thrown');
}
