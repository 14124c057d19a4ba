import { PodSecurityLevel } from './levels';

type Rec = Record<string, any>;

const isRec = (v: unknown): v is Rec =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter(isRec) : []);
const quoted = (names: string[]) => names.map(n => `"${n}"`).join(', ');
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** Capabilities the baseline level lets containers add. */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

const SELINUX_TYPES = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

function containersOf(spec: Rec): Rec[] {
  return [
    ...list(spec.initContainers),
    ...list(spec.containers),
    ...list(spec.ephemeralContainers),
  ];
}

/** One check: a failure is `[reason, detail]` as the admission plugin words them. */
type Check = (spec: Rec) => [string, string] | undefined;

const hostNamespaces: Check = spec => {
  const on = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter(
    k => spec[k] === true,
  );
  return on.length
    ? ['host namespaces', on.map(k => `${k}=true`).join(', ')]
    : undefined;
};

const privileged: Check = spec => {
  const names = containersOf(spec)
    .filter(c => c.securityContext?.privileged === true)
    .map(c => c.name);
  return names.length
    ? [
        'privileged',
        `${plural(names.length, 'container', 'containers')} ${quoted(
          names,
        )} must not set securityContext.privileged=true`,
      ]
    : undefined;
};

const baselineCapabilities: Check = spec => {
  const bad = new Set<string>();
  const names: string[] = [];
  for (const c of containersOf(spec)) {
    const caps: unknown[] = c.securityContext?.capabilities?.add ?? [];
    const extra = caps.map(String).filter(x => !BASELINE_CAPABILITIES.has(x));
    if (extra.length) {
      names.push(c.name);
      extra.forEach(x => bad.add(x));
    }
  }
  return names.length
    ? [
        'non-default capabilities',
        `${plural(names.length, 'container', 'containers')} ${quoted(
          names,
        )} must not include ${quoted([
          ...bad,
        ])} in securityContext.capabilities.add`,
      ]
    : undefined;
};

const hostPathVolumes: Check = spec => {
  const names = list(spec.volumes)
    .filter(v => isRec(v.hostPath))
    .map(v => v.name);
  return names.length
    ? [
        'hostPath volumes',
        `${plural(names.length, 'volume', 'volumes')} ${quoted(names)}`,
      ]
    : undefined;
};

const hostPorts: Check = spec => {
  const found: string[] = [];
  for (const c of containersOf(spec)) {
    for (const p of list(c.ports)) {
      if (Number(p.hostPort ?? 0) !== 0) {
        found.push(`container "${c.name}" uses hostPort ${p.hostPort}`);
      }
    }
  }
  return found.length ? ['hostPort', found.join(', ')] : undefined;
};

const seLinux: Check = spec => {
  const contexts = [
    spec.securityContext?.seLinuxOptions,
    ...containersOf(spec).map(c => c.securityContext?.seLinuxOptions),
  ].filter(isRec);
  const bad = contexts.some(
    o => !SELINUX_TYPES.has(o.type ?? '') || o.user || o.role,
  );
  return bad ? ['seLinuxOptions', 'forbidden SELinux options'] : undefined;
};

const procMount: Check = spec => {
  const names = containersOf(spec)
    .filter(c => (c.securityContext?.procMount ?? 'Default') !== 'Default')
    .map(c => c.name);
  return names.length
    ? [
        'procMount',
        `${plural(names.length, 'container', 'containers')} ${quoted(
          names,
        )} must not set securityContext.procMount`,
      ]
    : undefined;
};

const seccompNotUnconfined: Check = spec => {
  const unconfined = [
    spec.securityContext?.seccompProfile,
    ...containersOf(spec).map(c => c.securityContext?.seccompProfile),
  ].some(p => isRec(p) && p.type === 'Unconfined');
  return unconfined
    ? ['seccompProfile', 'seccompProfile.type must not be "Unconfined"']
    : undefined;
};

const sysctls: Check = spec => {
  const bad = list(spec.securityContext?.sysctls)
    .map(s => String(s.name))
    .filter(n => !SAFE_SYSCTLS.has(n));
  return bad.length ? ['forbidden sysctls', bad.join(', ')] : undefined;
};

const restrictedVolumes: Check = spec => {
  const bad = list(spec.volumes)
    .map(v => {
      const type = Object.keys(v).find(k => k !== 'name');
      return type && !RESTRICTED_VOLUMES.has(type) ? `"${v.name}"` : undefined;
    })
    .filter(Boolean);
  return bad.length
    ? [
        'restricted volume types',
        `volumes ${bad.join(', ')} use restricted types`,
      ]
    : undefined;
};

const privilegeEscalation: Check = spec => {
  const names = containersOf(spec)
    .filter(c => c.securityContext?.allowPrivilegeEscalation !== false)
    .map(c => c.name);
  return names.length
    ? [
        'allowPrivilegeEscalation != false',
        `${plural(names.length, 'container', 'containers')} ${quoted(
          names,
        )} must set securityContext.allowPrivilegeEscalation=false`,
      ]
    : undefined;
};

const runAsNonRoot: Check = spec => {
  const pod = spec.securityContext?.runAsNonRoot === true;
  const names = containersOf(spec)
    .filter(c => c.securityContext?.runAsNonRoot !== true && !pod)
    .map(c => c.name);
  return names.length
    ? [
        'runAsNonRoot != true',
        `pod or ${plural(names.length, 'container', 'containers')} ${quoted(
          names,
        )} must set securityContext.runAsNonRoot=true`,
      ]
    : undefined;
};

const runAsUserZero: Check = spec => {
  const zero =
    spec.securityContext?.runAsUser === 0 ||
    containersOf(spec).some(c => c.securityContext?.runAsUser === 0);
  return zero ? ['runAsUser=0', 'must not set runAsUser=0'] : undefined;
};

const seccompRequired: Check = spec => {
  const podType = spec.securityContext?.seccompProfile?.type;
  const ok = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const names = containersOf(spec)
    .filter(c => !ok(c.securityContext?.seccompProfile?.type ?? podType))
    .map(c => c.name);
  return names.length
    ? [
        'seccompProfile',
        `pod or ${plural(names.length, 'container', 'containers')} ${quoted(
          names,
        )} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      ]
    : undefined;
};

const restrictedCapabilities: Check = spec => {
  const names = containersOf(spec)
    .filter(c => {
      const caps = c.securityContext?.capabilities ?? {};
      const drop: string[] = (caps.drop ?? []).map(String);
      const add: string[] = (caps.add ?? []).map(String);
      return !drop.includes('ALL') || add.some(x => x !== 'NET_BIND_SERVICE');
    })
    .map(c => c.name);
  return names.length
    ? [
        'unrestricted capabilities',
        `${plural(names.length, 'container', 'containers')} ${quoted(
          names,
        )} must set securityContext.capabilities.drop=["ALL"]`,
      ]
    : undefined;
};

// The admission plugin's order: baseline check ids sorted, then restricted check ids sorted.
const BASELINE: Check[] = [
  baselineCapabilities,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  privileged,
  procMount,
  seLinux,
  seccompNotUnconfined,
  sysctls,
];

const RESTRICTED: Check[] = [
  ...BASELINE,
  privilegeEscalation,
  restrictedCapabilities,
  restrictedVolumes,
  runAsNonRoot,
  runAsUserZero,
  seccompRequired,
];

/**
 * What in a pod spec breaks a Pod Security Standards level, worded as the admission plugin
 * words it (`privileged (container "c" must not set securityContext.privileged=true)`); empty
 * when the pod meets the level.
 *
 * @public
 */
export function podSecurityViolations(
  podSpec: unknown,
  level: PodSecurityLevel,
): string[] {
  if (level === 'privileged' || !isRec(podSpec)) return [];
  const checks = level === 'restricted' ? RESTRICTED : BASELINE;
  return checks
    .map(check => check(podSpec))
    .filter((f): f is [string, string] => Boolean(f))
    .map(([reason, detail]) => `${reason} (${detail})`);
}

/**
 * The admission message of a pod refused at a level:
 * `violates PodSecurity "baseline:latest": privileged (…), hostPath volumes (…)`.
 *
 * @public
 */
export function podSecurityMessage(
  level: PodSecurityLevel,
  violations: string[],
): string {
  return `violates PodSecurity "${level}:latest": ${violations.join(', ')}`;
}
