import { findChartProfile } from '../footprint';
import {
  helmReleaseManifest,
  instanceEntityName,
  KUBERNETES_ID_LABEL,
  withWorkloadLabels,
} from '.';

describe('instanceEntityName', () => {
  it('joins release, tenant and cluster', () => {
    expect(instanceEntityName('llama', 'team-a', 'demo')).toBe(
      'llama.team-a.demo',
    );
  });

  it('shortens long names to 63 characters, keeping them apart by a hash', () => {
    const a = instanceEntityName('r'.repeat(53), 'tenant-one', 'demo');
    const b = instanceEntityName('r'.repeat(53), 'tenant-two', 'demo');
    expect(a).toHaveLength(63);
    expect(b).toHaveLength(63);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^([a-zA-Z0-9]+[-_.])*[a-zA-Z0-9]+$/);
    expect(instanceEntityName('r'.repeat(53), 'tenant-one', 'demo')).toBe(a);
  });
});

describe('withWorkloadLabels', () => {
  const labels = { [KUBERNETES_ID_LABEL]: 'llama.team-a.demo' };

  it('puts labels on the model-server workloads and pods, replacing a user value', () => {
    const values = {
      replicaCount: 1,
      podLabels: { team: 'vision', [KUBERNETES_ID_LABEL]: 'someone-else' },
    };
    const out = withWorkloadLabels(
      values,
      findChartProfile('model-server')!,
      labels,
    );
    expect(out.podLabels).toEqual({
      team: 'vision',
      [KUBERNETES_ID_LABEL]: 'llama.team-a.demo',
    });
    expect(out.labels).toEqual(labels);
    expect(values.podLabels[KUBERNETES_ID_LABEL]).toBe('someone-else');
  });

  it('puts labels at a root path of a list-based profile', () => {
    const out = withWorkloadLabels(
      { servingEngineSpec: { modelSpec: [{ name: 'a' }, { name: 'b' }] } },
      findChartProfile('vllm-production-stack')!,
      labels,
    );
    expect(out).toMatchObject({ servingEngineSpec: { labels } });
  });

  it('refuses a profile without a place for labels', () => {
    expect(() =>
      withWorkloadLabels({}, { name: 'bare' } as any, labels),
    ).toThrow('chart profile "bare" has no labelsPath');
  });
});

describe('helmReleaseManifest', () => {
  const input = {
    instanceId: 'id-1',
    name: 'llama',
    namespace: 'ocdp-team-a',
    tenant: 'team-a',
    chart: 'model-server',
    chartVersion: '0.1.0',
    values: { replicaCount: 2 },
  };

  it('names the chart and version of a HelmRepository', () => {
    const hr = helmReleaseManifest({
      ...input,
      source: {
        kind: 'HelmRepository',
        name: 'ocdp',
        namespace: 'flux-system',
      },
    });
    expect(hr.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'ocdp',
      'ocdp.io/tenant': 'team-a',
      'ocdp.io/instance': 'id-1',
    });
    expect(hr.spec).toMatchObject({
      releaseName: 'llama',
      chart: {
        spec: {
          chart: 'model-server',
          version: '0.1.0',
          sourceRef: {
            kind: 'HelmRepository',
            name: 'ocdp',
            namespace: 'flux-system',
          },
        },
      },
      values: { replicaCount: 2 },
    });
    expect(hr.spec.chartRef).toBeUndefined();
  });

  it('refers to an OCIRepository with chartRef', () => {
    const hr = helmReleaseManifest({
      ...input,
      source: { kind: 'OCIRepository', name: 'model-server' },
    });
    expect(hr.spec.chartRef).toEqual({
      kind: 'OCIRepository',
      name: 'model-server',
    });
    expect(hr.spec.chart).toBeUndefined();
  });
});
