import { estimateModelFit } from './modelFit';
import { modelFitInputFromValues } from './modelFitValues';
import { findModelArchitecture } from './models';
import {
  MODEL_SERVER_PROFILE,
  VLLM_PRODUCTION_STACK_PROFILE,
} from './profiles';

const GIB = 1024 ** 3;

describe('findModelArchitecture', () => {
  it.each([
    ['meta-llama/Llama-3.1-8B-Instruct', 'Llama 3.x 8B'],
    ['meta-llama/Meta-Llama-3-70B', 'Llama 3.x 70B'],
    ['meta-llama/Llama-3.3-70B-Instruct', 'Llama 3.x 70B'],
    ['mistralai/Mistral-7B-Instruct-v0.3', 'Mistral 7B'],
    ['Qwen/Qwen2.5-7B-Instruct', 'Qwen2.5 7B'],
    ['Qwen/Qwen2.5-72B-Instruct-AWQ', 'Qwen2.5 72B'],
  ])('knows %s as %s', (id, name) => {
    expect(findModelArchitecture(id)?.name).toBe(name);
  });

  it('knows nothing of other models', () => {
    expect(findModelArchitecture('acme/secret-model')).toBeUndefined();
  });
});

describe('estimateModelFit', () => {
  it('fits Llama 3.1 8B in bfloat16 on one 24 GB L4 with 5 sequences of 8192 tokens', () => {
    const fit = estimateModelFit({
      modelId: 'meta-llama/Llama-3.1-8B-Instruct',
      dtype: 'bfloat16',
      maxModelLen: 8192,
      gpuMemoryMiB: 23034,
    });
    expect(fit).toEqual({
      model: 'Llama 3.x 8B',
      parameters: 8.03e9,
      bytesPerParameter: 2,
      weightsBytes: 16.06e9,
      availableBytes: 23034 * 1024 * 1024 * 0.9,
      maxModelLen: 8192,
      // 2 (K and V) × 32 layers × 8 KV heads × 128 × 2 bytes
      kvCacheBytesPerToken: 131072,
      kvCacheBytes: GIB,
      concurrentSequences: 5,
      fits: true,
    });
  });

  it('warns when the weights alone do not fit', () => {
    const fit = estimateModelFit({
      modelId: 'meta-llama/Llama-3.1-70B-Instruct',
      gpuMemoryMiB: 81920,
    });
    expect(fit.fits).toBe(false);
    expect(fit.warning).toBe(
      'Llama 3.x 70B needs about 131.5 GiB for its weights alone, more than 1 × 80.0 GiB GPU at 90 % (72.0 GiB): use more GPUs per pod or a quantized model.',
    );
  });

  it('fits Llama 3.1 70B on four 80 GB GPUs at its full 128k context', () => {
    const fit = estimateModelFit({
      modelId: 'meta-llama/Llama-3.1-70B-Instruct',
      gpuMemoryMiB: 81920,
      tensorParallel: 4,
    });
    expect(fit).toMatchObject({
      maxModelLen: 131072,
      kvCacheBytesPerToken: 327680,
      kvCacheBytes: 40 * GIB,
      concurrentSequences: 3,
      fits: true,
    });
    expect(fit.warning).toBeUndefined();
  });

  it('counts fp8 weights at one byte and keeps a 16-bit KV cache', () => {
    const fit = estimateModelFit({
      modelId: 'meta-llama/Llama-3.1-70B-Instruct',
      dtype: 'fp8',
      maxModelLen: 8192,
      gpuMemoryMiB: 81920,
    });
    expect(fit).toMatchObject({
      bytesPerParameter: 1,
      weightsBytes: 70.6e9,
      kvCacheBytes: 2.5 * GIB,
      concurrentSequences: 2,
      fits: true,
    });
    expect(
      estimateModelFit({
        modelId: 'meta-llama/Llama-3.1-70B-Instruct',
        kvCacheDtype: 'fp8',
        tensorParallel: 2,
        gpuMemoryMiB: 81920,
        maxModelLen: 8192,
      }).kvCacheBytes,
    ).toBe(1.25 * GIB);
  });

  it('says how far to lower the context when one sequence does not fit', () => {
    const fit = estimateModelFit({
      modelId: 'Qwen/Qwen2.5-7B-Instruct',
      gpuMemoryMiB: 16384,
      maxModelLen: 32768,
    });
    expect(fit.fits).toBe(false);
    expect(fit.concurrentSequences).toBe(0);
    expect(fit.warning).toBe(
      'Qwen2.5 7B leaves 0.2 GiB of 1 × 16.0 GiB GPU at 90 % (14.4 GiB) for the KV cache, but one sequence of 32768 tokens needs 1.8 GiB: lower the maximum model length to about 3869 tokens or use more GPUs per pod.',
    );
  });

  it('estimates the weights of an unknown model from its parameter count', () => {
    const fit = estimateModelFit({
      modelId: 'acme/secret-13b',
      parameters: 13e9,
      gpuMemoryMiB: 40960,
    });
    expect(fit).toMatchObject({ weightsBytes: 26e9, fits: true });
    expect(fit.warning).toBe(
      'The weights of acme/secret-13b fit on 1 × 40.0 GiB GPU at 90 % (36.0 GiB) with 11.8 GiB left, but its KV cache size is unknown.',
    );
    expect(
      estimateModelFit({
        modelId: 'acme/secret-13b',
        parameters: 13e9,
        architecture: { layers: 40, kvHeads: 40, headDim: 128 },
        maxModelLen: 4096,
        gpuMemoryMiB: 40960,
      }),
    ).toMatchObject({ kvCacheBytesPerToken: 819200, concurrentSequences: 3 });
  });

  it('gives a warning, not an error, when nothing is known', () => {
    expect(
      estimateModelFit({ modelId: 'acme/unknown', gpuMemoryMiB: 24576 }),
    ).toEqual({
      bytesPerParameter: 2,
      availableBytes: 24576 * 1024 * 1024 * 0.9,
      warning:
        'The size of acme/unknown is unknown, so whether it fits on 1 × 24.0 GiB GPU at 90 % (21.6 GiB) cannot be estimated.',
    });
  });
});

describe('modelFitInputFromValues', () => {
  it('reads the model-server values', () => {
    expect(
      modelFitInputFromValues(
        {
          model: {
            id: 'Qwen/Qwen2.5-7B-Instruct',
            dtype: 'auto',
            maxModelLen: 8192,
          },
          gpu: { count: 2, memoryMiB: 20000 },
        },
        MODEL_SERVER_PROFILE,
      ),
    ).toEqual({
      modelId: 'Qwen/Qwen2.5-7B-Instruct',
      dtype: 'auto',
      maxModelLen: 8192,
      tensorParallel: 2,
      gpuMemoryMiB: 20000,
    });
  });

  it('reads the first production-stack modelSpec', () => {
    expect(
      modelFitInputFromValues(
        {
          servingEngineSpec: {
            modelSpec: [
              {
                modelURL: 'mistralai/Mistral-7B-Instruct-v0.3',
                requestGPU: 1,
                vllmConfig: { maxModelLen: 4096 },
              },
            ],
          },
        },
        VLLM_PRODUCTION_STACK_PROFILE,
      ),
    ).toEqual({
      modelId: 'mistralai/Mistral-7B-Instruct-v0.3',
      maxModelLen: 4096,
      tensorParallel: 1,
    });
  });
});
