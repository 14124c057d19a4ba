import { ModelArchitecture, findModelArchitecture } from './models';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** Bytes per weight (or KV element) for vLLM `--dtype` values and common quantizations. */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  auto: 2,
  half: 2,
  float16: 2,
  bfloat16: 2,
  float: 4,
  float32: 4,
  fp8: 1,
  int8: 1,
  int4: 0.5,
  awq: 0.5,
  gptq: 0.5,
};

/**
 * What to estimate: a model (a known id, or its parameter count), its dtype and context length,
 * and the GPUs of one pod.
 *
 * @public
 */
export interface ModelFitInput {
  /** Hugging Face id; looked up in the table of well-known models. */
  modelId?: string;
  /** Parameter count (8e9); overrides the table. */
  parameters?: number;
  /** Layer and KV-head shape, when the model is not in the table. */
  architecture?: Pick<ModelArchitecture, 'layers' | 'kvHeads' | 'headDim'>;
  /** vLLM `--dtype` or a quantization (`fp8`, `int8`, `int4`, `awq`, `gptq`); `auto` is 16-bit. */
  dtype?: string;
  /** KV cache dtype (`fp8` halves it); the model dtype by default (16-bit for 4/8-bit weights). */
  kvCacheDtype?: string;
  /** Tokens of one sequence (`--max-model-len`); the model's longest context by default. */
  maxModelLen?: number;
  /** Memory of one GPU (or the HAMi share), MiB. */
  gpuMemoryMiB: number;
  /** GPUs per pod (tensor parallel size); 1 by default. */
  tensorParallel?: number;
  /** vLLM `--gpu-memory-utilization`; 0.9 by default. */
  gpuMemoryUtilization?: number;
}

/**
 * A memory estimate; sizes in bytes. `fits` is a hint, never a refusal.
 *
 * @public
 */
export interface ModelFitEstimate {
  /** The well-known model matched, if any. */
  model?: string;
  parameters?: number;
  bytesPerParameter: number;
  weightsBytes?: number;
  kvCacheBytesPerToken?: number;
  /** KV cache for one sequence of `maxModelLen` tokens. */
  kvCacheBytes?: number;
  maxModelLen?: number;
  /** GPU memory vLLM may use across the pod's GPUs. */
  availableBytes: number;
  /** Sequences of `maxModelLen` tokens the KV cache can hold at once. */
  concurrentSequences?: number;
  /** Whether weights and one full sequence fit; `undefined` when the model size is unknown. */
  fits?: boolean;
  /** A sentence for the user when it does not fit or cannot be estimated. */
  warning?: string;
}

function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GiB`;
}

function dtypeBytes(dtype: string | undefined, fallback: number): number {
  return DTYPE_BYTES[(dtype ?? '').toLowerCase()] ?? fallback;
}

/**
 * Estimates whether a model's weights and the KV cache of one `maxModelLen`-token sequence fit in
 * the GPU memory of a pod (memory × tensor parallel × utilization), the check vLLM makes at start.
 * Activations and CUDA graphs are not counted, so a close fit deserves a margin.
 *
 * @public
 */
export function estimateModelFit(input: ModelFitInput): ModelFitEstimate {
  const known = input.modelId
    ? findModelArchitecture(input.modelId)
    : undefined;
  const shape = input.architecture ?? known;
  const parameters = input.parameters ?? known?.parameters;
  const tp = Math.max(1, Math.floor(input.tensorParallel ?? 1));
  const utilization = input.gpuMemoryUtilization ?? 0.9;
  const bytesPerParameter = dtypeBytes(input.dtype, 2);
  const kvBytes = dtypeBytes(
    input.kvCacheDtype,
    Math.max(2, bytesPerParameter),
  );
  const availableBytes = input.gpuMemoryMiB * MIB * tp * utilization;
  const gpus = `${tp} × ${gib(input.gpuMemoryMiB * MIB)} GPU${
    tp > 1 ? 's' : ''
  } at ${Math.round(utilization * 100)} % (${gib(availableBytes)})`;
  const label = known?.name ?? input.modelId ?? 'the model';
  const estimate: ModelFitEstimate = {
    model: known?.name,
    parameters,
    bytesPerParameter,
    availableBytes,
  };
  if (parameters === undefined) {
    estimate.warning = `The size of ${label} is unknown, so whether it fits on ${gpus} cannot be estimated.`;
    return estimate;
  }
  const weightsBytes = parameters * bytesPerParameter;
  estimate.weightsBytes = weightsBytes;
  if (weightsBytes > availableBytes) {
    estimate.fits = false;
    estimate.warning = `${label} needs about ${gib(
      weightsBytes,
    )} for its weights alone, more than ${gpus}: use more GPUs per pod or a quantized model.`;
    return estimate;
  }
  if (!shape) {
    estimate.fits = true;
    estimate.warning = `The weights of ${label} fit on ${gpus} with ${gib(
      availableBytes - weightsBytes,
    )} left, but its KV cache size is unknown.`;
    return estimate;
  }
  const maxModelLen = input.maxModelLen ?? known?.maxContext ?? 4096;
  const perToken = 2 * shape.layers * shape.kvHeads * shape.headDim * kvBytes;
  const kvCacheBytes = perToken * maxModelLen;
  const left = availableBytes - weightsBytes;
  Object.assign(estimate, {
    maxModelLen,
    kvCacheBytesPerToken: perToken,
    kvCacheBytes,
    concurrentSequences: Math.floor(left / kvCacheBytes),
    fits: kvCacheBytes <= left,
  });
  if (kvCacheBytes > left) {
    const tokens = Math.floor(left / perToken);
    estimate.warning = `${label} leaves ${gib(
      left,
    )} of ${gpus} for the KV cache, but one sequence of ${maxModelLen} tokens needs ${gib(
      kvCacheBytes,
    )}: lower the maximum model length to about ${tokens} tokens or use more GPUs per pod.`;
  }
  return estimate;
}
