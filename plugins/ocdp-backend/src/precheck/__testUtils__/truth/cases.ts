import fc from 'fast-check';

/** A generated situation: nodes, a namespace's quotas and LimitRange, what runs, the change. */
export interface TruthCase {
  nodes: Array<{
    name: string;
    cpu: number;
    gpus: number;
    mig: number;
    product: 'NVIDIA-A100-SXM4-80GB' | 'NVIDIA-L4';
    taint: boolean;
    cordoned: boolean;
  }>;
  /**
   * With `relativeQuotas` (always for scale and upgrade), `hard` is the room left beside the pods
   * already there (and the release before the change); quotas are then created after them.
   */
  relativeQuotas: boolean;
  quotas: Array<{
    name: string;
    hard: Record<string, string>;
    scope?: 'BestEffort' | 'NotBestEffort' | 'PriorityClassHigh';
  }>;
  limitRange?: {
    defaultRequestCpu?: string;
    defaultLimitMemory?: string;
    maxCpu?: string;
  };
  /** Pods already in the namespace (not part of the release). */
  others: Array<{ cpu: string; gpus: number }>;
  operation: 'install' | 'scale' | 'upgrade';
  /** The release before the change (scale, upgrade). */
  before: PodTemplate & { replicas: number };
  /** The release after the change. */
  after: PodTemplate & { replicas: number };
}

export interface PodTemplate {
  cpu?: string;
  memory?: string;
  limitCpu?: string;
  gpus: number;
  mig: number;
  product?: string;
  tolerate: boolean;
  priorityClass?: 'high';
  strategy:
    | { type: 'Recreate' }
    | {
        type: 'RollingUpdate';
        maxSurge: number | string;
        maxUnavailable: number | string;
      };
}

const cpu = fc.constantFrom('500m', '1', '2', '3');
const strategy = fc.oneof(
  fc.constant({ type: 'Recreate' as const }),
  fc
    .record({
      maxSurge: fc.constantFrom<number | string>(0, 1, 2, '25%', '50%'),
      maxUnavailable: fc.constantFrom<number | string>(0, 1, '25%'),
    })
    .filter(
      s =>
        !(
          s.maxSurge === 0 &&
          (s.maxUnavailable === 0 || s.maxUnavailable === '25%')
        ),
    )
    .map(s => ({ type: 'RollingUpdate' as const, ...s })),
);

const podTemplate: fc.Arbitrary<PodTemplate> = fc.record(
  {
    cpu,
    memory: fc.constantFrom('1Gi', '2Gi'),
    limitCpu: fc.constantFrom('2', '4'),
    gpus: fc.integer({ min: 0, max: 2 }),
    mig: fc.integer({ min: 0, max: 2 }),
    product: fc.constantFrom('NVIDIA-A100-SXM4-80GB', 'NVIDIA-L4'),
    tolerate: fc.boolean(),
    priorityClass: fc.constant('high' as const),
    strategy,
  },
  { requiredKeys: ['gpus', 'mig', 'tolerate', 'strategy'] },
);

/** Quota keys and their hard limits; for scale and upgrade, the room left beside the release. */
const quotaKeys = (relative: boolean) =>
  fc.subarray(
    (relative
      ? [
          [
            'requests.cpu',
            fc.constantFrom('0', '500m', '1', '1500m', '2', '3'),
          ],
          ['requests.memory', fc.constantFrom('0', '1Gi', '2Gi', '4Gi')],
          ['limits.cpu', fc.integer({ min: 0, max: 6 }).map(String)],
          [
            'requests.nvidia.com/gpu',
            fc.integer({ min: 0, max: 3 }).map(String),
          ],
          [
            'requests.nvidia.com/mig-1g.10gb',
            fc.integer({ min: 0, max: 3 }).map(String),
          ],
          ['pods', fc.integer({ min: 0, max: 4 }).map(String)],
          [
            'count/deployments.apps',
            fc.integer({ min: 0, max: 1 }).map(String),
          ],
        ]
      : [
          ['requests.cpu', fc.integer({ min: 1, max: 12 }).map(String)],
          ['requests.memory', fc.constantFrom('4Gi', '8Gi', '16Gi')],
          ['limits.cpu', fc.integer({ min: 2, max: 16 }).map(String)],
          [
            'requests.nvidia.com/gpu',
            fc.integer({ min: 0, max: 6 }).map(String),
          ],
          [
            'requests.nvidia.com/mig-1g.10gb',
            fc.integer({ min: 0, max: 4 }).map(String),
          ],
          ['pods', fc.integer({ min: 0, max: 8 }).map(String)],
          [
            'count/deployments.apps',
            fc.integer({ min: 0, max: 2 }).map(String),
          ],
        ]) as Array<[string, fc.Arbitrary<string>]>,
    { minLength: 1 },
  );

// as the API server validates them: a BestEffort-scoped quota may only count pods
const quota = (name: string, relative: boolean) =>
  quotaKeys(relative)
    .chain(keys =>
      fc.record(
        {
          name: fc.constant(name),
          hard: fc.record(Object.fromEntries(keys)) as fc.Arbitrary<
            Record<string, string>
          >,
          scope: fc.constantFrom(
            'BestEffort',
            'NotBestEffort',
            'PriorityClassHigh',
          ) as fc.Arbitrary<NonNullable<TruthCase['quotas'][number]['scope']>>,
        },
        { requiredKeys: ['name', 'hard'] },
      ),
    )
    .map(q =>
      q.scope === 'BestEffort'
        ? { ...q, hard: { pods: q.hard.pods ?? '1' } }
        : q,
    );

/** Cores of CPU a quantity of the generator stands for (`500m`, `2`). */
const cores = (q: string) =>
  q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);

/**
 * The release before a scale or upgrade must run, so the case is sized for it: its pods ask for
 * little and stay within the LimitRange's max, the first node (never cordoned) has room for
 * them and for the other pods, and the quotas are created once it runs (their `hard` is then
 * the room left beside it, see `runTruthCase`).
 */
function sizedForBefore(c: TruthCase): TruthCase {
  if (c.operation === 'install') return c;
  const before = { ...c.before };
  const max = c.limitRange?.maxCpu;
  if (max && before.limitCpu && cores(before.limitCpu) > cores(max)) {
    before.limitCpu = max;
  }
  // the API server defaults a missing request to the limit, a LimitRange to its default
  // request, or its default limit, or its max
  const request =
    before.cpu ??
    before.limitCpu ??
    c.limitRange?.defaultRequestCpu ??
    c.limitRange?.maxCpu ??
    '0';
  const othersCpu = c.others.reduce((n, o) => n + cores(o.cpu), 0);
  const othersGpus = c.others.reduce((n, o) => n + o.gpus, 0);
  const [first, ...rest] = c.nodes;
  return {
    ...c,
    before,
    nodes: [
      {
        ...first,
        cordoned: false,
        cpu: Math.max(
          first.cpu,
          Math.ceil(othersCpu + before.replicas * cores(request)),
        ),
        gpus: Math.max(first.gpus, othersGpus + before.replicas * before.gpus),
      },
      ...rest,
    ],
  };
}

/** Cases of the given operations. */
export const truthCases = (
  operations: readonly TruthCase['operation'][],
): fc.Arbitrary<TruthCase> =>
  fc
    .tuple(fc.constantFrom(...operations), fc.boolean())
    .chain(([operation, relativeForInstall]) => {
      const relative = operation !== 'install' || relativeForInstall;
      return fc.record({
        nodes: fc
          .array(
            fc.record({
              cpu: fc.integer({ min: 2, max: 16 }),
              gpus: fc.integer({ min: 0, max: 4 }),
              mig: fc.integer({ min: 0, max: 3 }),
              product: fc.constantFrom(
                'NVIDIA-A100-SXM4-80GB',
                'NVIDIA-L4',
              ) as fc.Arbitrary<'NVIDIA-A100-SXM4-80GB' | 'NVIDIA-L4'>,
              taint: fc.boolean(),
              cordoned: fc.integer({ min: 0, max: 7 }).map(n => n === 0),
            }),
            { minLength: 1, maxLength: 3 },
          )
          .map(nodes => nodes.map((n, i) => ({ ...n, name: `node-${i}` }))),
        quotas: fc
          .tuple(
            quota('ocdp-quota', relative),
            fc.option(quota('extra', relative), {
              nil: undefined,
            }),
          )
          .map(([a, b]) =>
            b ? [{ ...a, scope: undefined }, b] : [{ ...a, scope: undefined }],
          ),
        limitRange: fc.option(
          fc.record(
            {
              defaultRequestCpu: fc.constantFrom('250m', '1'),
              defaultLimitMemory: fc.constantFrom('2Gi', '4Gi'),
              maxCpu: fc.constantFrom('2', '4'),
            },
            { requiredKeys: [] },
          ),
          { nil: undefined },
        ),
        others: fc.array(
          fc.record({ cpu, gpus: fc.integer({ min: 0, max: 1 }) }),
          { maxLength: 2 },
        ),
        operation: fc.constant(operation),
        relativeQuotas: fc.constant(relative),
        before: fc
          .tuple(podTemplate, fc.integer({ min: 1, max: 3 }))
          .map(([t, replicas]) => ({
            ...t,
            cpu: t.cpu && '500m',
            gpus: Math.min(t.gpus, 1),
            mig: 0,
            product: undefined,
            tolerate: true,
            replicas,
          })),
        after: fc
          .tuple(podTemplate, fc.integer({ min: 0, max: 4 }))
          .map(([t, replicas]) => ({
            ...t,
            replicas,
          })),
      });
    })
    .map(sizedForBefore);
