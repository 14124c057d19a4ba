import {
  podSecurityLabels,
  podSecurityMessage,
  podSecurityModesOf,
  podSecurityViolations,
} from '.';

const container = (name: string, securityContext?: object, extra = {}) => ({
  name,
  image: 'vllm/vllm-openai',
  ...(securityContext ? { securityContext } : {}),
  ...extra,
});

describe('Pod Security Standards', () => {
  // Messages as the upstream admission plugin (k8s.io/pod-security-admission) words them.
  it('refuses privileged containers, host namespaces, hostPath and hostPort at baseline', () => {
    const spec = {
      hostNetwork: true,
      containers: [
        container('c', { privileged: true }, { ports: [{ hostPort: 53 }] }),
      ],
      volumes: [{ name: 'root', hostPath: { path: '/' } }],
    };
    const violations = podSecurityViolations(spec, 'baseline');
    expect(podSecurityMessage('baseline', violations)).toBe(
      'violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), hostPath volumes (volume "root"), hostPort (container "c" uses hostPort 53), privileged (container "c" must not set securityContext.privileged=true)',
    );
  });

  it('lets an ordinary GPU server through baseline and names what restricted wants', () => {
    const spec = {
      containers: [
        container('vllm', undefined, {
          resources: { limits: { 'nvidia.com/gpu': '1' } },
        }),
      ],
      volumes: [{ name: 'cache', persistentVolumeClaim: { claimName: 'x' } }],
    };
    expect(podSecurityViolations(spec, 'baseline')).toEqual([]);
    expect(podSecurityViolations(spec, 'privileged')).toEqual([]);
    expect(podSecurityViolations(spec, 'restricted')).toEqual([
      'allowPrivilegeEscalation != false (container "vllm" must set securityContext.allowPrivilegeEscalation=false)',
      'unrestricted capabilities (container "vllm" must set securityContext.capabilities.drop=["ALL"])',
      'runAsNonRoot != true (pod or container "vllm" must set securityContext.runAsNonRoot=true)',
      'seccompProfile (pod or container "vllm" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ]);
    const hardened = {
      securityContext: {
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        container('vllm', {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        }),
      ],
    };
    expect(podSecurityViolations(hardened, 'restricted')).toEqual([]);
  });

  it('allows the baseline capabilities and refuses others', () => {
    const spec = {
      containers: [
        container('a', {
          capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'] },
        }),
        container('b', { capabilities: { add: ['SYS_ADMIN'] } }),
      ],
    };
    expect(podSecurityViolations(spec, 'baseline')).toEqual([
      'non-default capabilities (container "b" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
    ]);
  });

  it('writes and reads namespace labels', () => {
    const labels = podSecurityLabels({
      enforce: 'baseline',
      warn: 'restricted',
    });
    expect(labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    });
    expect(
      podSecurityModesOf({
        ...labels,
        'pod-security.kubernetes.io/audit': 'x',
      }),
    ).toEqual({ enforce: 'baseline', warn: 'restricted' });
  });
});
