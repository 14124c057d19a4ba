/**
 * Pod Security admission, modelled on k8s.io/pod-security-admission: namespace labels
 * `pod-security.kubernetes.io/{enforce,audit,warn}[-version]` select a level
 * (privileged | baseline | restricted); pods that break the enforce level are refused
 * with `violates PodSecurity "<level>:<version>": <reasons>`, warn-level violations come
 * back as `Warning` headers (`would violate PodSecurity ...`), pod controllers
 * (Deployments, Jobs, ...) are only warned about, and tightening a namespace's enforce
 * level warns about the existing pods that would be refused.
 *
 * The checks, their ids, their order (baseline ids sorted, then restricted ids sorted)
 * and their messages follow the upstream policy package.
 */
import { forbidden, invalid } from '../errors';
import type { ResourceType } from '../resources';
import { SIM_VERSION, resourceId } from '../resources';
import type { KObject } from '../util';

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export interface LevelVersion {
  level: PodSecurityLevel;
  /** 'latest' or 'v1.<minor>' */
  version: string;
}

export interface PodSecurityPolicy {
  enforce: LevelVersion;
  audit: LevelVersion;
  warn: LevelVersion;
}

export const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io/';
const LEVELS: PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];
const LATEST_MINOR = Number(SIM_VERSION.minor);

export function levelVersionString(lv: LevelVersion): string {
  return `${lv.level}:${lv.version}`;
}

function compareLevels(a: PodSecurityLevel, b: PodSecurityLevel): number {
  return LEVELS.indexOf(a) - LEVELS.indexOf(b);
}

interface FieldError {
  label: string;
  value: string;
  detail: string;
}

/** api.PolicyToEvaluate: labels → policy (+ field errors for invalid values). */
export function policyFromLabels(labels: Record<string, string> = {}): {
  policy: PodSecurityPolicy;
  errors: FieldError[];
} {
  const latest = (): LevelVersion => ({
    level: 'privileged',
    version: 'latest',
  });
  const p: PodSecurityPolicy = {
    enforce: latest(),
    audit: latest(),
    warn: latest(),
  };
  const errors: FieldError[] = [];
  const parseLevel = (
    mode: string,
    value: string,
  ): PodSecurityLevel | undefined => {
    if ((LEVELS as string[]).includes(value)) return value as PodSecurityLevel;
    errors.push({
      label: `${PSA_LABEL_PREFIX}${mode}`,
      value,
      detail: `must be one of ${LEVELS.join(', ')}`,
    });
    return undefined;
  };
  const parseVersion = (mode: string, value: string): string => {
    if (value === 'latest' || /^v1\.(0|[1-9][0-9]*)$/.test(value)) {
      return value;
    }
    errors.push({
      label: `${PSA_LABEL_PREFIX}${mode}-version`,
      value,
      detail: 'must be "latest" or "v1.x"',
    });
    return 'latest';
  };
  let hasEnforceLevel = false;
  let hasWarnLevel = false;
  let hasWarnVersion = false;
  const enforce = labels[`${PSA_LABEL_PREFIX}enforce`];
  if (enforce !== undefined) {
    const l = parseLevel('enforce', enforce);
    // an invalid enforce level fails closed (restricted), like upstream
    p.enforce.level = l ?? 'restricted';
    hasEnforceLevel = !!l;
  }
  const enforceVersion = labels[`${PSA_LABEL_PREFIX}enforce-version`];
  if (enforceVersion !== undefined)
    p.enforce.version = parseVersion('enforce', enforceVersion);
  const audit = labels[`${PSA_LABEL_PREFIX}audit`];
  if (audit !== undefined)
    p.audit.level = parseLevel('audit', audit) ?? 'privileged';
  const auditVersion = labels[`${PSA_LABEL_PREFIX}audit-version`];
  if (auditVersion !== undefined)
    p.audit.version = parseVersion('audit', auditVersion);
  const warn = labels[`${PSA_LABEL_PREFIX}warn`];
  if (warn !== undefined) {
    hasWarnLevel = true;
    p.warn.level = parseLevel('warn', warn) ?? 'privileged';
  }
  const warnVersion = labels[`${PSA_LABEL_PREFIX}warn-version`];
  if (warnVersion !== undefined) {
    hasWarnVersion = true;
    p.warn.version = parseVersion('warn', warnVersion);
  }
  // warn defaults to the enforce level when enforce is explicitly stricter
  if (
    !hasWarnLevel &&
    hasEnforceLevel &&
    compareLevels(p.enforce.level, p.warn.level) > 0
  ) {
    p.warn.level = p.enforce.level;
    if (!hasWarnVersion) p.warn.version = p.enforce.version;
  }
  return { policy: p, errors };
}

// ---------------------------------------------------------------- checks

interface CheckResult {
  reason: string;
  detail: string;
}

type CheckFn = (
  meta: KObject['metadata'],
  spec: any,
) => CheckResult | undefined;

interface Check {
  id: string;
  level: 'baseline' | 'restricted';
  minMinor: number;
  /** Last minor version this variant of the check applies to. */
  maxMinor?: number;
  /** Baseline checks this (restricted) check replaces. */
  overrides?: string[];
  fn: CheckFn;
}

function joinQuote(items: string[]): string {
  return items.length ? `"${items.join('", "')}"` : '';
}

function pluralize(singular: string, plural: string, n: number): string {
  return n === 1 ? singular : plural;
}

function containersOf(spec: any): any[] {
  return [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ].filter(Boolean);
}

const sortedUnique = (xs: Iterable<string>) => [...new Set(xs)].sort();

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
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

const RESTRICTED_VOLUME_OK = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

const RESTRICTED_VOLUME_TYPES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

const isWindows = (spec: any) => spec?.os?.name === 'windows';
const validSeccomp = (t: unknown) =>
  t === 'Localhost' || t === 'RuntimeDefault';

/** "pod and containers "a", "b"" style setter lists. */
function setters(pod: boolean, containers: string[]): string[] {
  const out = pod ? ['pod'] : [];
  if (containers.length) {
    out.push(
      `${pluralize('container', 'containers', containers.length)} ${joinQuote(
        containers,
      )}`,
    );
  }
  return out;
}

function appArmorCheck(
  meta: KObject['metadata'],
  spec: any,
): CheckResult | undefined {
  const okType = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const values: string[] = [];
  const podProfile = spec?.securityContext?.appArmorProfile;
  const podBad = !!podProfile && !okType(podProfile.type);
  if (podBad) values.push(String(podProfile.type));
  const bad: string[] = [];
  for (const c of containersOf(spec)) {
    const p = c.securityContext?.appArmorProfile;
    if (p && !okType(p.type)) {
      bad.push(c.name);
      values.push(String(p.type));
    }
  }
  const who = setters(podBad, bad);
  const prefix = 'container.apparmor.security.beta.kubernetes.io/';
  const annotations = Object.entries(meta?.annotations ?? {})
    .filter(
      ([k, v]) =>
        k.startsWith(prefix) &&
        !(v === '' || v === 'runtime/default' || v.startsWith('localhost/')),
    )
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .sort();
  const list = [...sortedUnique(values), ...annotations];
  if (annotations.length) {
    who.push(pluralize('annotation', 'annotations', annotations.length));
  }
  if (!who.length) return undefined;
  return {
    reason: pluralize(
      'forbidden AppArmor profile',
      'forbidden AppArmor profiles',
      list.length,
    ),
    detail: `${who.join(
      ' and ',
    )} must not set AppArmor profile type to ${joinQuote(list)}`,
  };
}

function seLinuxCheck(allowedTypes: string[]): CheckFn {
  return (_m, spec) => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const valid = (o: any) => {
      let ok = true;
      if (!allowedTypes.includes(o.type ?? '')) {
        ok = false;
        badTypes.push(String(o.type ?? ''));
      }
      if (o.user) {
        ok = false;
        setUser = true;
      }
      if (o.role) {
        ok = false;
        setRole = true;
      }
      return ok;
    };
    const podOpts = spec?.securityContext?.seLinuxOptions;
    const podBad = !!podOpts && !valid(podOpts);
    const bad = containersOf(spec)
      .filter(c => c.securityContext?.seLinuxOptions)
      .filter(c => !valid(c.securityContext.seLinuxOptions))
      .map(c => c.name);
    const who = setters(podBad, bad);
    if (!who.length) return undefined;
    const data: string[] = [];
    const types = sortedUnique(badTypes);
    if (types.length) {
      data.push(
        `${pluralize('type', 'types', types.length)} ${joinQuote(types)}`,
      );
    }
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${who.join(
        ' and ',
      )} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
    };
  };
}

const SELINUX_TYPES_1_0 = [
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
];

const CHECKS: Check[] = [
  {
    id: 'appArmorProfile',
    level: 'baseline',
    minMinor: 0,
    fn: appArmorCheck,
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    minMinor: 0,
    maxMinor: 30,
    fn: seLinuxCheck(SELINUX_TYPES_1_0),
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    minMinor: 31,
    fn: seLinuxCheck([...SELINUX_TYPES_1_0, 'container_engine_t']),
  },
  {
    id: 'windowsHostProcess',
    level: 'baseline',
    minMinor: 0,
    fn: (_m, spec) => {
      const bad = containersOf(spec)
        .filter(c => c.securityContext?.windowsOptions?.hostProcess === true)
        .map(c => c.name);
      const who = setters(
        spec?.securityContext?.windowsOptions?.hostProcess === true,
        bad,
      );
      return who.length
        ? {
            reason: 'hostProcess',
            detail: `${who.join(
              ' and ',
            )} must not set securityContext.windowsOptions.hostProcess=true`,
          }
        : undefined;
    },
  },
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    minMinor: 0,
    fn: (_m, spec) => {
      const bad: string[] = [];
      const caps: string[] = [];
      for (const c of containersOf(spec)) {
        const add: string[] = c.securityContext?.capabilities?.add ?? [];
        const extra = add.filter(x => !BASELINE_CAPABILITIES.has(String(x)));
        if (extra.length) {
          bad.push(c.name);
          caps.push(...extra.map(String));
        }
      }
      if (!bad.length) return undefined;
      return {
        reason: 'non-default capabilities',
        detail: `${pluralize(
          'container',
          'containers',
          bad.length,
        )} ${joinQuote(bad)} must not include ${joinQuote(
          sortedUnique(caps),
        )} in securityContext.capabilities.add`,
      };
    },
  },
  {
    id: 'hostNamespaces',
    level: 'baseline',
    minMinor: 0,
    fn: (_m, spec) => {
      const ns: string[] = [];
      if (spec?.hostNetwork) ns.push('hostNetwork=true');
      if (spec?.hostPID) ns.push('hostPID=true');
      if (spec?.hostIPC) ns.push('hostIPC=true');
      return ns.length
        ? { reason: 'host namespaces', detail: ns.join(', ') }
        : undefined;
    },
  },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    minMinor: 0,
    fn: (_m, spec) => {
      const bad = (spec?.volumes ?? [])
        .filter((v: any) => v?.hostPath)
        .map((v: any) => v.name);
      return bad.length
        ? {
            reason: 'hostPath volumes',
            detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(
              bad,
            )}`,
          }
        : undefined;
    },
  },
  {
    id: 'hostPorts',
    level: 'baseline',
    minMinor: 0,
    fn: (_m, spec) => {
      const bad: string[] = [];
      const ports: string[] = [];
      for (const c of containersOf(spec)) {
        const hp = (c.ports ?? [])
          .map((p: any) => Number(p?.hostPort ?? 0))
          .filter((n: number) => n !== 0);
        if (hp.length) {
          bad.push(c.name);
          ports.push(...hp.map(String));
        }
      }
      if (!bad.length) return undefined;
      const unique = sortedUnique(ports);
      return {
        reason: 'hostPort',
        detail: `${pluralize(
          'container',
          'containers',
          bad.length,
        )} ${joinQuote(bad)} ${pluralize(
          'uses',
          'use',
          bad.length,
        )} ${pluralize('hostPort', 'hostPorts', unique.length)} ${unique.join(
          ', ',
        )}`,
      };
    },
  },
  {
    id: 'privileged',
    level: 'baseline',
    minMinor: 0,
    fn: (_m, spec) => {
      const bad = containersOf(spec)
        .filter(c => c.securityContext?.privileged === true)
        .map(c => c.name);
      return bad.length
        ? {
            reason: 'privileged',
            detail: `${pluralize(
              'container',
              'containers',
              bad.length,
            )} ${joinQuote(bad)} must not set securityContext.privileged=true`,
          }
        : undefined;
    },
  },
  {
    id: 'procMount',
    level: 'baseline',
    minMinor: 0,
    fn: (_m, spec) => {
      const bad: string[] = [];
      const types: string[] = [];
      for (const c of containersOf(spec)) {
        const pm = c.securityContext?.procMount;
        if (pm !== undefined && pm !== null && pm !== 'Default') {
          bad.push(c.name);
          types.push(String(pm));
        }
      }
      return bad.length
        ? {
            reason: 'procMount',
            detail: `${pluralize(
              'container',
              'containers',
              bad.length,
            )} ${joinQuote(
              bad,
            )} must not set securityContext.procMount to ${joinQuote(
              sortedUnique(types),
            )}`,
          }
        : undefined;
    },
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    minMinor: 19,
    fn: (_m, spec) => {
      const values: string[] = [];
      const podType = spec?.securityContext?.seccompProfile?.type;
      const podBad =
        spec?.securityContext?.seccompProfile !== undefined &&
        !validSeccomp(podType);
      if (podBad) values.push(String(podType));
      const bad: string[] = [];
      for (const c of containersOf(spec)) {
        const sp = c.securityContext?.seccompProfile;
        if (sp !== undefined && sp !== null && !validSeccomp(sp.type)) {
          bad.push(c.name);
          values.push(String(sp.type));
        }
      }
      const who = setters(podBad, bad);
      return who.length
        ? {
            reason: 'seccompProfile',
            detail: `${who.join(
              ' and ',
            )} must not set securityContext.seccompProfile.type to ${joinQuote(
              sortedUnique(values),
            )}`,
          }
        : undefined;
    },
  },
  {
    id: 'sysctls',
    level: 'baseline',
    minMinor: 0,
    fn: (_m, spec) => {
      const bad = (spec?.securityContext?.sysctls ?? [])
        .map((s: any) => String(s?.name))
        .filter((n: string) => !SAFE_SYSCTLS.has(n));
      return bad.length
        ? { reason: 'forbidden sysctls', detail: bad.join(', ') }
        : undefined;
    },
  },
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    minMinor: 8,
    fn: (_m, spec) => {
      if (isWindows(spec)) return undefined;
      const bad = containersOf(spec)
        .filter(c => c.securityContext?.allowPrivilegeEscalation !== false)
        .map(c => c.name);
      return bad.length
        ? {
            reason: 'allowPrivilegeEscalation != false',
            detail: `${pluralize(
              'container',
              'containers',
              bad.length,
            )} ${joinQuote(
              bad,
            )} must set securityContext.allowPrivilegeEscalation=false`,
          }
        : undefined;
    },
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    minMinor: 22,
    overrides: ['capabilities_baseline'],
    fn: (_m, spec) => {
      if (isWindows(spec)) return undefined;
      const missingDrop: string[] = [];
      const adding: string[] = [];
      const caps: string[] = [];
      for (const c of containersOf(spec)) {
        const capsSpec = c.securityContext?.capabilities;
        if (!capsSpec) {
          missingDrop.push(c.name);
          continue;
        }
        if (!(capsSpec.drop ?? []).includes('ALL')) missingDrop.push(c.name);
        const extra = (capsSpec.add ?? []).filter(
          (x: string) => x !== 'NET_BIND_SERVICE',
        );
        if (extra.length) {
          adding.push(c.name);
          caps.push(...extra.map(String));
        }
      }
      const details: string[] = [];
      if (missingDrop.length) {
        details.push(
          `${pluralize(
            'container',
            'containers',
            missingDrop.length,
          )} ${joinQuote(
            missingDrop,
          )} must set securityContext.capabilities.drop=["ALL"]`,
        );
      }
      if (adding.length) {
        details.push(
          `${pluralize('container', 'containers', adding.length)} ${joinQuote(
            adding,
          )} must not include ${joinQuote(
            sortedUnique(caps),
          )} in securityContext.capabilities.add`,
        );
      }
      return details.length
        ? { reason: 'unrestricted capabilities', detail: details.join('; ') }
        : undefined;
    },
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    minMinor: 0,
    overrides: ['hostPathVolumes'],
    fn: (_m, spec) => {
      const bad: string[] = [];
      const types: string[] = [];
      for (const v of spec?.volumes ?? []) {
        if (RESTRICTED_VOLUME_OK.some(k => v?.[k] !== undefined)) continue;
        bad.push(v?.name);
        types.push(
          RESTRICTED_VOLUME_TYPES.find(k => v?.[k] !== undefined) ?? 'unknown',
        );
      }
      if (!bad.length) return undefined;
      const unique = sortedUnique(types);
      return {
        reason: 'restricted volume types',
        detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(
          bad,
        )} ${pluralize('uses', 'use', bad.length)} ${pluralize(
          'restricted volume type',
          'restricted volume types',
          unique.length,
        )} ${joinQuote(unique)}`,
      };
    },
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    minMinor: 0,
    fn: (_m, spec) => {
      const podValue = spec?.securityContext?.runAsNonRoot;
      const podBad = podValue === false;
      const podOk = podValue === true;
      const explicit: string[] = [];
      const implicit: string[] = [];
      for (const c of containersOf(spec)) {
        const v = c.securityContext?.runAsNonRoot;
        if (v === true || v === false) {
          if (!v) explicit.push(c.name);
        } else if (!podOk) {
          implicit.push(c.name);
        }
      }
      const who = setters(podBad, explicit);
      if (who.length) {
        return {
          reason: 'runAsNonRoot != true',
          detail: `${who.join(
            ' and ',
          )} must not set securityContext.runAsNonRoot=false`,
        };
      }
      if (implicit.length) {
        return {
          reason: 'runAsNonRoot != true',
          detail: `pod or ${pluralize(
            'container',
            'containers',
            implicit.length,
          )} ${joinQuote(implicit)} must set securityContext.runAsNonRoot=true`,
        };
      }
      return undefined;
    },
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    minMinor: 23,
    fn: (_m, spec) => {
      const podBad = spec?.securityContext?.runAsUser === 0;
      const bad = containersOf(spec)
        .filter(c => c.securityContext?.runAsUser === 0)
        .map(c => c.name);
      const who = setters(podBad, bad);
      return who.length
        ? {
            reason: 'runAsUser=0',
            detail: `${who.join(' and ')} must not set runAsUser=0`,
          }
        : undefined;
    },
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    minMinor: 19,
    overrides: ['seccompProfile_baseline'],
    fn: (_m, spec) => {
      if (isWindows(spec)) return undefined;
      const values: string[] = [];
      const podProfile = spec?.securityContext?.seccompProfile;
      let podBad = false;
      let podSet = false;
      if (podProfile !== undefined && podProfile !== null) {
        if (validSeccomp(podProfile.type)) podSet = true;
        else {
          podBad = true;
          values.push(String(podProfile.type));
        }
      }
      const explicit: string[] = [];
      const implicit: string[] = [];
      for (const c of containersOf(spec)) {
        const sp = c.securityContext?.seccompProfile;
        if (sp !== undefined && sp !== null) {
          if (!validSeccomp(sp.type)) {
            explicit.push(c.name);
            values.push(String(sp.type));
          }
        } else if (!podSet) {
          implicit.push(c.name);
        }
      }
      const who = setters(podBad, explicit);
      if (who.length) {
        return {
          reason: 'seccompProfile',
          detail: `${who.join(
            ' and ',
          )} must not set securityContext.seccompProfile.type to ${joinQuote(
            sortedUnique(values),
          )}`,
        };
      }
      if (implicit.length) {
        return {
          reason: 'seccompProfile',
          detail: `pod or ${pluralize(
            'container',
            'containers',
            implicit.length,
          )} ${joinQuote(
            implicit,
          )} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
        };
      }
      return undefined;
    },
  },
];

// baseline ids sorted, then restricted ids sorted (byte order), like the upstream registry
function byteOrder(a: Check, b: Check): number {
  if (a.id < b.id) return -1;
  if (a.id > b.id) return 1;
  return 0;
}

const ORDERED = [
  ...CHECKS.filter(c => c.level === 'baseline').sort(byteOrder),
  ...CHECKS.filter(c => c.level === 'restricted').sort(byteOrder),
];

export interface PodSecurityResult {
  allowed: boolean;
  reasons: string[];
  details: string[];
}

function minorOf(version: string): number {
  return version === 'latest'
    ? LATEST_MINOR
    : Math.min(Number(version.slice(3)), LATEST_MINOR);
}

/** Evaluates a pod (metadata + spec) against one level/version. */
export function evaluatePodSecurity(
  lv: LevelVersion,
  meta: KObject['metadata'],
  spec: any,
): PodSecurityResult {
  const out: PodSecurityResult = { allowed: true, reasons: [], details: [] };
  if (lv.level === 'privileged') return out;
  const minor = minorOf(lv.version);
  const active = ORDERED.filter(
    c =>
      c.minMinor <= minor &&
      (c.maxMinor === undefined || minor <= c.maxMinor) &&
      (lv.level === 'restricted' || c.level === 'baseline'),
  );
  const overridden = new Set(
    lv.level === 'restricted'
      ? active.flatMap(c => c.overrides ?? [])
      : ([] as string[]),
  );
  for (const c of active) {
    if (overridden.has(c.id)) continue;
    const r = c.fn(meta, spec ?? {});
    if (r) {
      out.allowed = false;
      out.reasons.push(r.reason);
      out.details.push(r.detail);
    }
  }
  return out;
}

/** AggregateCheckResult.ForbiddenDetail: `reason (detail), reason (detail)`. */
export function forbiddenDetail(r: PodSecurityResult): string {
  return r.reasons
    .map((reason, i) => (r.details[i] ? `${reason} (${r.details[i]})` : reason))
    .join(', ');
}

/** Pod subresources Pod Security admission lets through unevaluated (upstream's list). */
const IGNORED_POD_SUBRESOURCES = new Set([
  'exec',
  'attach',
  'binding',
  'eviction',
  'log',
  'portforward',
  'proxy',
  'status',
]);

/** Where a pod controller keeps its pod template. */
const POD_TEMPLATE_PATHS: Record<string, string[]> = {
  'deployments.apps': ['spec', 'template'],
  'replicasets.apps': ['spec', 'template'],
  'statefulsets.apps': ['spec', 'template'],
  'daemonsets.apps': ['spec', 'template'],
  'jobs.batch': ['spec', 'template'],
  'cronjobs.batch': ['spec', 'jobTemplate', 'spec', 'template'],
  replicationcontrollers: ['spec', 'template'],
  podtemplates: ['template'],
};

function templateOf(id: string, obj: KObject): any {
  const path = POD_TEMPLATE_PATHS[id];
  let cur: any = obj;
  for (const p of path) cur = cur?.[p];
  return cur;
}

function isSignificantPodUpdate(pod: KObject, old: KObject): boolean {
  const cs = (p: KObject, k: string) => (p.spec?.[k] ?? []) as any[];
  for (const k of ['containers', 'initContainers']) {
    const a = cs(pod, k);
    const b = cs(old, k);
    if (a.length !== b.length) return true;
    if (a.some((c, i) => c?.image !== b[i]?.image)) return true;
  }
  const oldEphemeral = new Map(
    cs(old, 'ephemeralContainers').map(c => [c?.name, c]),
  );
  return cs(pod, 'ephemeralContainers').some(
    c =>
      !oldEphemeral.has(c?.name) ||
      oldEphemeral.get(c?.name)?.image !== c?.image,
  );
}

export interface PodSecurityAdmissionArgs {
  type: ResourceType;
  obj: KObject;
  old?: KObject;
  /** The subresource written (`status`, `scale`, ...), if any. */
  subresource?: string;
  /** The namespace object the write goes to (namespaced writes). */
  namespace?: KObject;
  /** Existing pods of the namespace (namespace writes: checked against a stricter enforce level). */
  podsInNamespace?: () => KObject[];
  /** Receives user-facing warnings (the `Warning` response header). */
  warn: (message: string) => void;
}

/**
 * PodSecurity admission for one write: throws 403 (pods) or 422 (namespaces with invalid
 * labels); calls `warn` for warn-level violations.
 */
export function admitPodSecurity(args: PodSecurityAdmissionArgs): void {
  const id = resourceId(args.type);
  if (id === 'namespaces') {
    admitNamespace(args);
    return;
  }
  if (id !== 'pods' && !POD_TEMPLATE_PATHS[id]) return;
  // like upstream: pod controllers' subresources (scale, status) and these pod subresources
  // are never evaluated
  if (
    args.subresource &&
    (id !== 'pods' || IGNORED_POD_SUBRESOURCES.has(args.subresource))
  )
    return;
  const nsLabels = args.namespace?.metadata?.labels ?? {};
  const { policy, errors } = policyFromLabels(nsLabels);
  const fullyPrivileged =
    policy.enforce.level === 'privileged' &&
    policy.audit.level === 'privileged' &&
    policy.warn.level === 'privileged';
  if (!errors.length && fullyPrivileged) return;
  let meta: KObject['metadata'];
  let spec: any;
  let enforce = false;
  if (id === 'pods') {
    if (args.old && !isSignificantPodUpdate(args.obj, args.old)) return;
    meta = args.obj.metadata;
    spec = args.obj.spec;
    enforce = true;
  } else {
    // pod controllers: audit and warn only, never enforced
    if (
      !errors.length &&
      policy.warn.level === 'privileged' &&
      policy.audit.level === 'privileged'
    )
      return;
    const template = templateOf(id, args.obj);
    if (!template) return;
    meta = template.metadata ?? {};
    spec = template.spec ?? {};
  }
  if (enforce) {
    const r = evaluatePodSecurity(policy.enforce, meta, spec);
    if (!r.allowed) {
      throw forbidden(
        args.type,
        args.obj.metadata?.name ?? '',
        `violates PodSecurity "${levelVersionString(
          policy.enforce,
        )}": ${forbiddenDetail(r)}`,
      );
    }
  }
  const w = evaluatePodSecurity(policy.warn, meta, spec);
  if (!w.allowed) {
    args.warn(
      `would violate PodSecurity "${levelVersionString(
        policy.warn,
      )}": ${forbiddenDetail(w)}`,
    );
  }
}

function admitNamespace(args: PodSecurityAdmissionArgs): void {
  const labels = args.obj.metadata?.labels ?? {};
  const { policy, errors } = policyFromLabels(labels);
  const name = args.obj.metadata?.name ?? '';
  const refuse = () => {
    throw invalid(
      args.type,
      name,
      errors.length === 1
        ? `metadata.labels[${errors[0].label}]: Invalid value: "${errors[0].value}": ${errors[0].detail}`
        : `[${errors
            .map(
              e =>
                `metadata.labels[${e.label}]: Invalid value: "${e.value}": ${e.detail}`,
            )
            .join(', ')}]`,
    );
  };
  if (!args.old) {
    if (errors.length) refuse();
    return;
  }
  const old = policyFromLabels(args.old.metadata?.labels ?? {});
  if (
    errors.length &&
    (!old.errors.length ||
      JSON.stringify(errors) !== JSON.stringify(old.errors))
  ) {
    refuse();
  }
  const next = policy.enforce;
  const prev = old.policy.enforce;
  if (next.level === prev.level && next.version === prev.version) return;
  if (next.level === 'privileged') return;
  if (
    next.version === prev.version &&
    compareLevels(next.level, prev.level) < 1
  )
    return;
  const pods = args.podsInNamespace?.() ?? [];
  const byReason = new Map<string, { pod: string; count: number }>();
  const order: string[] = [];
  for (const pod of pods) {
    const r = evaluatePodSecurity(next, pod.metadata, pod.spec);
    if (r.allowed) continue;
    const reason = r.reasons.join(', ');
    const podName = pod.metadata?.name ?? '';
    const c = byReason.get(reason);
    if (!c) {
      byReason.set(reason, { pod: podName, count: 1 });
      order.push(reason);
    } else {
      c.count++;
      if (podName < c.pod) c.pod = podName;
    }
  }
  if (!order.length) return;
  args.warn(
    `existing pods in namespace "${name}" violate the new PodSecurity enforce level "${levelVersionString(
      next,
    )}"`,
  );
  const decorated = order.map(reason => {
    const c = byReason.get(reason)!;
    if (c.count === 1) return `${c.pod}: ${reason}`;
    if (c.count === 2) return `${c.pod} (and 1 other pod): ${reason}`;
    return `${c.pod} (and ${c.count - 1} other pods): ${reason}`;
  });
  decorated.sort().forEach(w => args.warn(w));
}
