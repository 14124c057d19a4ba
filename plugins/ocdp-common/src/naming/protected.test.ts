import { isProtectedNamespace } from './protected';

describe('isProtectedNamespace', () => {
  it.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])(
    'protects %s',
    ns => {
      expect(isProtectedNamespace(ns)).toBe(true);
    },
  );

  it('protects anything kube-*', () => {
    expect(isProtectedNamespace('kube-foo')).toBe(true);
    expect(isProtectedNamespace('kube-flannel')).toBe(true);
  });

  it('does not protect names that merely start with "kube"', () => {
    expect(isProtectedNamespace('kubeflow')).toBe(false);
    expect(isProtectedNamespace('kubernetes-dashboard')).toBe(false);
  });

  it('does not protect ordinary namespaces', () => {
    expect(isProtectedNamespace('ocdp-u-jane')).toBe(false);
    expect(isProtectedNamespace('team-a')).toBe(false);
    expect(isProtectedNamespace('defaults')).toBe(false);
  });

  it('protects configured exact names', () => {
    const extra = ['gpu-operator', 'monitoring'];
    expect(isProtectedNamespace('gpu-operator', extra)).toBe(true);
    expect(isProtectedNamespace('monitoring', extra)).toBe(true);
    expect(isProtectedNamespace('gpu-operator-2', extra)).toBe(false);
    expect(isProtectedNamespace('gpu', extra)).toBe(false);
  });

  it('protects configured prefix-* entries', () => {
    const extra = ['istio-*', 'cattle*'];
    expect(isProtectedNamespace('istio-system', extra)).toBe(true);
    expect(isProtectedNamespace('istio-', extra)).toBe(true);
    expect(isProtectedNamespace('istio', extra)).toBe(false);
    expect(isProtectedNamespace('cattle-system', extra)).toBe(true);
    expect(isProtectedNamespace('cattle', extra)).toBe(true);
    expect(isProtectedNamespace('my-istio-x', extra)).toBe(false);
  });

  it('trims entries and ignores blank ones', () => {
    expect(isProtectedNamespace('monitoring', [' monitoring '])).toBe(true);
    expect(isProtectedNamespace('team-a', ['', '  '])).toBe(false);
  });

  it('still protects the built-ins with extras configured', () => {
    expect(isProtectedNamespace('kube-system', ['other'])).toBe(true);
  });
});
