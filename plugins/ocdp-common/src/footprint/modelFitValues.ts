import { lookup } from './paths';
import { ChartProfile } from './profiles';
import { ModelFitInput } from './modelFit';

/**
 * What `estimateModelFit` can learn from a release's values through its chart profile: model id,
 * dtype, maximum model length, GPUs per pod as the tensor parallel size, and a HAMi GPU memory
 * share. For a profile with a workload list, the first element is read. The GPU's own memory
 * (`gpuMemoryMiB`) comes from the cluster when there is no share.
 *
 * @public
 */
export function modelFitInputFromValues(
  values: unknown,
  profile: ChartProfile,
): Partial<ModelFitInput> {
  const list = profile.listPath
    ? lookup({ root: values, here: values, herePath: '' }, profile.listPath)
        .value
    : undefined;
  const here = Array.isArray(list) ? list[0] : values;
  const scope = { root: values, here, herePath: '' };
  const read = (paths: Parameters<typeof lookup>[1]) =>
    lookup(scope, paths).value;
  const input: Partial<ModelFitInput> = {};
  const modelId = read(profile.model?.idPath);
  if (typeof modelId === 'string' && modelId) {
    input.modelId = modelId;
  }
  const dtype = read(profile.model?.dtypePath);
  if (typeof dtype === 'string' && dtype) {
    input.dtype = dtype;
  }
  const maxModelLen = read(profile.model?.maxModelLenPath);
  if (typeof maxModelLen === 'number' && maxModelLen > 0) {
    input.maxModelLen = maxModelLen;
  }
  const gpus = read(profile.gpu?.countPath);
  if (typeof gpus === 'number' && gpus > 0) {
    input.tensorParallel = gpus;
  }
  const share = read(profile.gpu?.memoryMiBPath);
  if (typeof share === 'number' && share > 0) {
    input.gpuMemoryMiB = share;
  }
  return input;
}
