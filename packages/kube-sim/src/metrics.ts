/**
 * DCGM-exporter format metrics (Prometheus text format) for the SIMULATED GPUs.
 * Every node with `nvidia.com/gpu` capacity has that many GPUs; GPUs are handed
 * to bound pods requesting nvidia.com/gpu in pod-name order. Values are a
 * deterministic function of time and GPU index; allocated GPUs may be idle.
 */
import { isTerminalPod, podRequests } from './admission/resources';
import type { Store } from './store';
import type { KObject } from './util';

export interface GpuSample {
  gpu: number;
  uuid: string;
  device: string;
  modelName: string;
  hostname: string;
  pod?: KObject;
  container?: string;
  memTotalMiB: number;
}

function uuidFor(node: string, idx: number): string {
  let h = 2166136261;
  for (const ch of `${node}/${idx}`)
    h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const hex = (n: number, len: number) =>
    (n >>> 0).toString(16).padStart(len, '0').slice(-len);
  return `GPU-${hex(h, 8)}-${hex(h >>> 16, 4)}-${hex(h * 7, 4)}-${hex(
    h * 13,
    4,
  )}-${hex(h * 31, 8)}${hex(h * 17, 4)}`;
}

const MODEL_NAMES: Record<string, string> = {
  'NVIDIA-A100-SXM4-80GB': 'NVIDIA A100-SXM4-80GB',
  'NVIDIA-L4': 'NVIDIA L4',
  'NVIDIA-H100-80GB-HBM3': 'NVIDIA H100 80GB HBM3',
};

export function gpus(store: Store): GpuSample[] {
  const out: GpuSample[] = [];
  const podsByNode = new Map<string, KObject[]>();
  for (const e of store.table(store.typeOf('pods')).map.values()) {
    const p = e.obj;
    if (!p.spec?.nodeName || isTerminalPod(p)) continue;
    if (!podRequests(p).get('nvidia.com/gpu')) continue;
    const list = podsByNode.get(p.spec.nodeName) ?? [];
    list.push(p);
    podsByNode.set(p.spec.nodeName, list);
  }
  for (const [, e] of store.table(store.typeOf('nodes')).scan(undefined)) {
    const node = e.obj;
    const count = Number(node.status?.capacity?.['nvidia.com/gpu'] ?? 0);
    if (!count) continue;
    const name = node.metadata!.name!;
    const labels = node.metadata?.labels ?? {};
    const product = labels['nvidia.com/gpu.product'] ?? 'NVIDIA-GPU';
    const memTotalMiB = Number(labels['nvidia.com/gpu.memory'] ?? 16384);
    const assigned: Array<{ pod: KObject; container: string }> = [];
    const pods = (podsByNode.get(name) ?? []).sort((a, b) =>
      `${a.metadata!.namespace}/${a.metadata!.name}` <
      `${b.metadata!.namespace}/${b.metadata!.name}`
        ? -1
        : 1,
    );
    for (const p of pods) {
      for (const c of p.spec?.containers ?? []) {
        const n = Number(
          c.resources?.limits?.['nvidia.com/gpu'] ??
            c.resources?.requests?.['nvidia.com/gpu'] ??
            0,
        );
        for (let i = 0; i < n; i++)
          assigned.push({ pod: p, container: c.name });
      }
    }
    for (let i = 0; i < count; i++) {
      out.push({
        gpu: i,
        uuid: uuidFor(name, i),
        device: `nvidia${i}`,
        modelName: MODEL_NAMES[product] ?? product.replace(/-/g, ' '),
        hostname: name,
        pod: assigned[i]?.pod,
        container: assigned[i]?.container,
        memTotalMiB,
      });
    }
  }
  return out;
}

/** Deterministic "load" in [0,1] for a GPU at a time; some allocated GPUs are idle. */
export function gpuLoad(uuid: string, allocated: boolean, tMs: number): number {
  if (!allocated) return 0;
  let h = 0;
  for (const ch of uuid) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  if (h % 5 === 0) return 0; // idle allocated GPU
  const phase = (h % 1000) / 1000;
  const t = tMs / 60_000;
  return Math.max(
    0,
    Math.min(1, 0.55 + 0.4 * Math.sin(2 * Math.PI * (t / 5 + phase))),
  );
}

const METRICS: Array<[string, string, string]> = [
  ['DCGM_FI_DEV_GPU_UTIL', 'gauge', 'GPU utilization (in %).'],
  ['DCGM_FI_DEV_FB_USED', 'gauge', 'Framebuffer memory used (in MiB).'],
  ['DCGM_FI_DEV_FB_FREE', 'gauge', 'Framebuffer memory free (in MiB).'],
  ['DCGM_FI_DEV_POWER_USAGE', 'gauge', 'Power draw (in W).'],
  ['DCGM_FI_DEV_GPU_TEMP', 'gauge', 'GPU temperature (in C).'],
];

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Renders the DCGM exporter text exposition for all simulated GPUs at time `tMs`. */
export function renderDcgmMetrics(
  store: Store,
  tMs: number = Date.now(),
): string {
  const samples = gpus(store);
  const lines: string[] = [
    '# kube-sim: SIMULATED DCGM exporter metrics (no real GPUs)',
  ];
  const values = samples.map(s => {
    const load = gpuLoad(s.uuid, !!s.pod, tMs);
    const fbUsed = s.pod ? Math.round(s.memTotalMiB * (0.15 + 0.8 * load)) : 0;
    return {
      s,
      DCGM_FI_DEV_GPU_UTIL: Math.round(load * 100),
      DCGM_FI_DEV_FB_USED: fbUsed,
      DCGM_FI_DEV_FB_FREE: s.memTotalMiB - fbUsed,
      DCGM_FI_DEV_POWER_USAGE: Math.round((60 + 300 * load) * 1000) / 1000,
      DCGM_FI_DEV_GPU_TEMP: Math.round(32 + 45 * load),
    } as Record<string, any>;
  });
  for (const [name, kind, help] of METRICS) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${kind}`);
    for (const v of values) {
      const s: GpuSample = v.s;
      const labels = [
        `gpu="${s.gpu}"`,
        `UUID="${s.uuid}"`,
        `device="${s.device}"`,
        `modelName="${esc(s.modelName)}"`,
        `Hostname="${esc(s.hostname)}"`,
        ...(s.pod
          ? [
              `container="${esc(s.container ?? '')}"`,
              `namespace="${esc(s.pod.metadata!.namespace!)}"`,
              `pod="${esc(s.pod.metadata!.name!)}"`,
            ]
          : []),
      ];
      lines.push(`${name}{${labels.join(',')}} ${v[name]}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
