/** A Pod Security Standards level. @public */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** @public */
export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = [
  'privileged',
  'baseline',
  'restricted',
];

/** The Pod Security Admission labels of a namespace, by mode. @public */
export interface PodSecurityModes {
  enforce?: PodSecurityLevel;
  warn?: PodSecurityLevel;
  audit?: PodSecurityLevel;
}

const PREFIX = 'pod-security.kubernetes.io/';

/** Namespace labels that set these modes, each at version `latest`. @public */
export function podSecurityLabels(
  modes: PodSecurityModes,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'warn', 'audit'] as const) {
    const level = modes[mode];
    if (level) {
      labels[`${PREFIX}${mode}`] = level;
      labels[`${PREFIX}${mode}-version`] = 'latest';
    }
  }
  return labels;
}

/** The modes a namespace's labels set; unknown levels are ignored, as the admission plugin does. @public */
export function podSecurityModesOf(
  labels: Record<string, string> | undefined,
): PodSecurityModes {
  const modes: PodSecurityModes = {};
  for (const mode of ['enforce', 'warn', 'audit'] as const) {
    const level = labels?.[`${PREFIX}${mode}`] as PodSecurityLevel | undefined;
    if (level && POD_SECURITY_LEVELS.includes(level)) modes[mode] = level;
  }
  return modes;
}
