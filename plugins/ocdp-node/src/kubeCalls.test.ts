import { describeKubeError, kubeStatusOf } from './kubeCalls';

describe('kubeStatusOf and describeKubeError', () => {
  it('read the HTTP status and Status message of an API error', () => {
    const error = {
      code: 403,
      body: JSON.stringify({ reason: 'Forbidden', message: 'no access' }),
    };
    expect(kubeStatusOf(error)).toBe(403);
    expect(describeKubeError(error)).toBe('403 Forbidden: no access');
  });

  it('do not take the DOMException code of an aborted or timed-out fetch for an HTTP status', () => {
    const timeout = new DOMException(
      'The operation was aborted due to timeout',
      'TimeoutError',
    );
    expect(timeout.code).toBe(23);
    expect(kubeStatusOf(timeout)).toBeUndefined();
    expect(describeKubeError(timeout)).toBe(
      'The operation was aborted due to timeout',
    );
    expect(
      kubeStatusOf(
        new DOMException('This operation was aborted', 'AbortError'),
      ),
    ).toBeUndefined();
  });
});
