/* eslint-disable jest/expect-expect -- fc.assert is the assertion in the property tests */
import fc from 'fast-check';
import { formatQuantity, parseQuantity, quantityFromNanos } from '../quantity';
import { quotaWarnings } from './enforcement';
import { normalizeQuotaSpec } from './normalize';

describe('quotaWarnings', () => {
  it('warns when limits.cpu is below requests.cpu', () => {
    expect(quotaWarnings({ 'requests.cpu': '4', 'limits.cpu': '2' })).toEqual([
      {
        field: 'quota.limits.cpu',
        message:
          "quota.limits.cpu: 2 is below requests.cpu 4; a container's limit is never below its " +
          'request, so the tenant can request at most 2 — raise limits.cpu to at least 4 or ' +
          'lower requests.cpu',
        detail:
          "2 is below requests.cpu 4; a container's limit is never below its request, so the " +
          'tenant can request at most 2 — raise limits.cpu to at least 4 or lower requests.cpu',
      },
    ]);
  });

  it('warns when limits.memory is below requests.memory, comparing exact values', () => {
    expect(
      quotaWarnings({ 'requests.memory': '1Gi', 'limits.memory': '1023Mi' }),
    ).toEqual([
      expect.objectContaining({
        field: 'quota.limits.memory',
        detail: expect.stringMatching(
          /^1023Mi is below requests\.memory 1Gi; .* raise limits\.memory to at least 1Gi or lower requests\.memory$/,
        ),
      }),
    ]);
    expect(
      quotaWarnings({
        'requests.memory': '1Gi',
        'limits.memory': '1073741824',
      }),
    ).toEqual([]);
  });

  it('warns for limits.ephemeral-storage too, and in a stable order', () => {
    expect(
      quotaWarnings({
        'limits.ephemeral-storage': '1Gi',
        'requests.ephemeral-storage': '2Gi',
        'limits.memory': '1Gi',
        'requests.memory': '2Gi',
        'limits.cpu': '500m',
        'requests.cpu': '1',
      }).map(w => w.field),
    ).toEqual([
      'quota.limits.cpu',
      'quota.limits.memory',
      'quota.limits.ephemeral-storage',
    ]);
  });

  it('compares against the bare cpu / memory keys, which are requests too', () => {
    expect(quotaWarnings({ cpu: '8', 'limits.cpu': '4' })[0].detail).toMatch(
      /^4 is below cpu 8;/,
    );
    expect(
      quotaWarnings({ memory: '8Gi', 'limits.memory': '4Gi' })[0].detail,
    ).toMatch(/^4Gi is below memory 8Gi;/);
  });

  it('names the highest request when both forms are given', () => {
    const warnings = quotaWarnings({
      cpu: '3',
      'requests.cpu': '6',
      'limits.cpu': '4',
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].detail).toMatch(/^4 is below requests\.cpu 6;/);
  });

  it('does not warn when the limit is equal, higher, or either side is missing', () => {
    for (const spec of [
      { 'requests.cpu': '2', 'limits.cpu': '2' },
      { 'requests.cpu': '2', 'limits.cpu': '2000m' },
      { 'requests.cpu': '2', 'limits.cpu': '3' },
      { 'requests.cpu': '2' },
      { 'limits.cpu': '0' },
      { 'requests.memory': '8Gi', 'limits.cpu': '1' },
      {},
    ]) {
      expect(quotaWarnings(spec)).toEqual([]);
    }
  });

  it('warns for a zero limit under a positive request', () => {
    expect(
      quotaWarnings({ 'requests.cpu': '1', 'limits.cpu': '0' }),
    ).toHaveLength(1);
  });

  it('skips values that do not parse, and tolerates numbers and padding', () => {
    expect(
      quotaWarnings({ 'requests.cpu': 'lots', 'limits.cpu': '1' }),
    ).toEqual([]);
    expect(quotaWarnings({ 'requests.cpu': '2', 'limits.cpu': null })).toEqual(
      [],
    );
    expect(
      quotaWarnings({ 'requests.cpu': 2, 'limits.cpu': ' 1.5 ' })[0].detail,
    ).toMatch(/^1500m is below requests\.cpu 2;/);
    expect(quotaWarnings(null as unknown as Record<string, unknown>)).toEqual(
      [],
    );
  });

  it('ignores inherited properties', () => {
    const spec = Object.create({ 'requests.cpu': '8' });
    spec['limits.cpu'] = '1';
    expect(quotaWarnings(spec)).toEqual([]);
  });

  it('reports under the given field', () => {
    expect(
      quotaWarnings(
        { 'requests.cpu': '4', 'limits.cpu': '2' },
        { field: 'bindings[1].quota' },
      )[0].message,
    ).toMatch(/^bindings\[1\]\.quota\.limits\.cpu: 2 is below/);
  });

  it('is pure', () => {
    const spec = { 'requests.cpu': '4', 'limits.cpu': '2' };
    quotaWarnings(spec);
    expect(spec).toEqual({ 'requests.cpu': '4', 'limits.cpu': '2' });
  });

  it('does not make normalizeQuotaSpec refuse the spec', () => {
    expect(
      normalizeQuotaSpec(
        { 'requests.cpu': '4', 'limits.cpu': '2' },
        { gpuResourceKeys: [] },
      ),
    ).toEqual({ 'requests.cpu': '4', 'limits.cpu': '2' });
  });

  it('warns exactly when a limit is below its request (property)', () => {
    const nanosArb = fc.bigInt({ min: 0n, max: 10n ** 20n });
    fc.assert(
      fc.property(
        fc.constantFrom(
          ['limits.cpu', 'requests.cpu'],
          ['limits.cpu', 'cpu'],
          ['limits.memory', 'requests.memory'],
          ['limits.memory', 'memory'],
          ['limits.ephemeral-storage', 'requests.ephemeral-storage'],
        ),
        nanosArb,
        nanosArb,
        ([limitKey, requestKey], limitNanos, requestNanos) => {
          const limit = formatQuantity(quantityFromNanos(limitNanos));
          const request = formatQuantity(quantityFromNanos(requestNanos));
          const warnings = quotaWarnings({
            [limitKey]: limit,
            [requestKey]: request,
          });
          const below =
            parseQuantity(limit).nanos < parseQuantity(request).nanos;
          expect(warnings.map(w => w.field)).toEqual(
            below ? [`quota.${limitKey}`] : [],
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
