/**
 * What the memory estimate needs to know about a model: its parameter count and the shape of its
 * attention (layers × key/value heads × head size decides the KV cache per token).
 *
 * @public
 */
export interface ModelArchitecture {
  name: string;
  /** Parameters, as a count (8.03e9). */
  parameters: number;
  layers: number;
  /** Key/value heads (grouped-query attention), not query heads. */
  kvHeads: number;
  headDim: number;
  /** Longest context the model supports, in tokens. */
  maxContext: number;
}

interface KnownModel extends ModelArchitecture {
  /** Matches Hugging Face ids of the model and its instruct/chat variants. */
  pattern: RegExp;
}

/** Well-known open models, from their published configurations. */
const KNOWN_MODELS: readonly KnownModel[] = [
  {
    name: 'Llama 3.x 8B',
    pattern: /llama-3(\.\d)?-8b/i,
    parameters: 8.03e9,
    layers: 32,
    kvHeads: 8,
    headDim: 128,
    maxContext: 131072,
  },
  {
    name: 'Llama 3.x 70B',
    pattern: /llama-3(\.\d)?-70b/i,
    parameters: 70.6e9,
    layers: 80,
    kvHeads: 8,
    headDim: 128,
    maxContext: 131072,
  },
  {
    name: 'Llama 3.2 1B',
    pattern: /llama-3\.2-1b/i,
    parameters: 1.24e9,
    layers: 16,
    kvHeads: 8,
    headDim: 64,
    maxContext: 131072,
  },
  {
    name: 'Llama 3.2 3B',
    pattern: /llama-3\.2-3b/i,
    parameters: 3.21e9,
    layers: 28,
    kvHeads: 8,
    headDim: 128,
    maxContext: 131072,
  },
  {
    name: 'Mistral 7B',
    pattern: /mistral-7b/i,
    parameters: 7.25e9,
    layers: 32,
    kvHeads: 8,
    headDim: 128,
    maxContext: 32768,
  },
  {
    name: 'Mixtral 8x7B',
    pattern: /mixtral-8x7b/i,
    parameters: 46.7e9,
    layers: 32,
    kvHeads: 8,
    headDim: 128,
    maxContext: 32768,
  },
  {
    name: 'Qwen2.5 0.5B',
    pattern: /qwen2\.5-0\.5b/i,
    parameters: 0.494e9,
    layers: 24,
    kvHeads: 2,
    headDim: 64,
    maxContext: 32768,
  },
  {
    name: 'Qwen2.5 1.5B',
    pattern: /qwen2\.5-1\.5b/i,
    parameters: 1.54e9,
    layers: 28,
    kvHeads: 2,
    headDim: 128,
    maxContext: 32768,
  },
  {
    name: 'Qwen2.5 7B',
    pattern: /qwen2\.5-7b/i,
    parameters: 7.62e9,
    layers: 28,
    kvHeads: 4,
    headDim: 128,
    maxContext: 32768,
  },
  {
    name: 'Qwen2.5 14B',
    pattern: /qwen2\.5-14b/i,
    parameters: 14.8e9,
    layers: 48,
    kvHeads: 8,
    headDim: 128,
    maxContext: 32768,
  },
  {
    name: 'Qwen2.5 32B',
    pattern: /qwen2\.5-32b/i,
    parameters: 32.8e9,
    layers: 64,
    kvHeads: 8,
    headDim: 128,
    maxContext: 32768,
  },
  {
    name: 'Qwen2.5 72B',
    pattern: /qwen2\.5-72b/i,
    parameters: 72.7e9,
    layers: 80,
    kvHeads: 8,
    headDim: 128,
    maxContext: 32768,
  },
  {
    name: 'Gemma 2 9B',
    pattern: /gemma-2-9b/i,
    parameters: 9.24e9,
    layers: 42,
    kvHeads: 8,
    headDim: 256,
    maxContext: 8192,
  },
];

/**
 * The architecture of a well-known model from its Hugging Face id
 * (`meta-llama/Llama-3.1-8B-Instruct` → Llama 3.x 8B), or `undefined`.
 *
 * @public
 */
export function findModelArchitecture(
  modelId: string,
): ModelArchitecture | undefined {
  const found = KNOWN_MODELS.find(m => m.pattern.test(modelId));
  if (!found) {
    return undefined;
  }
  const { pattern: _pattern, ...architecture } = found;
  return architecture;
}
