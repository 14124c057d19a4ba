import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { mergeValues } from '../values/merge';
import { validateValues } from '../values/validate';
import { footprintFromManifests } from './fromManifests';
import { footprint } from './fromValues';
import { MODEL_SERVER_PROFILE } from './profiles';
import { quotaUsage } from './quotaUsage';
import { strings } from './testUtils';

const CHART = path.resolve(
  __dirname,
  '../../../../examples/charts/model-server',
);
const FIXTURES = path.join(__dirname, '__fixtures__/model-server');

const chartValues = yaml.load(
  fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'),
) as Record<string, unknown>;
const schema = JSON.parse(
  fs.readFileSync(path.join(CHART, 'values.schema.json'), 'utf8'),
);

function templates(): Array<{ file: string; text: string }> {
  const dir = path.join(CHART, 'templates');
  const isTemplate = (file: string) => /\.(yaml|tpl|txt)$/.test(file);
  return fs
    .readdirSync(dir)
    .filter(isTemplate)
    .map(file => ({
      file,
      text: fs.readFileSync(path.join(dir, file), 'utf8'),
    }));
}

/** Every `.Values.a.b` a template reads. */
function valuesPaths(): string[] {
  const found = new Set<string>();
  for (const { text } of templates()) {
    for (const match of text.matchAll(/\.Values((?:\.[A-Za-z_]\w*)+)/g)) {
      found.add(match[1].slice(1));
    }
  }
  return [...found].sort();
}

function inValues(values: unknown, dotted: string): boolean {
  let current = values;
  for (const key of dotted.split('.')) {
    if (
      typeof current !== 'object' ||
      current === null ||
      !Object.prototype.hasOwnProperty.call(current, key)
    ) {
      return false;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

function inSchema(dotted: string): boolean {
  let node = schema;
  for (const key of dotted.split('.')) {
    if (node.$ref) {
      node = schema.definitions[node.$ref.replace('#/definitions/', '')];
    }
    node = node.properties?.[key];
    if (!node) {
      return false;
    }
  }
  return true;
}

const cases = fs.readdirSync(FIXTURES).sort();

function fixture(name: string) {
  const user = yaml.load(
    fs.readFileSync(path.join(FIXTURES, name, 'values.yaml'), 'utf8'),
  ) as Record<string, unknown>;
  return {
    values: mergeValues(chartValues, undefined, user),
    valuesFile: path.join(FIXTURES, name, 'values.yaml'),
    manifests: fs.readFileSync(
      path.join(FIXTURES, name, 'manifests.yaml'),
      'utf8',
    ),
  };
}

describe('the model-server chart', () => {
  it('reads only values that values.yaml and the schema define', () => {
    const paths = valuesPaths();
    expect(paths).toContain('gpu.memoryMiB');
    expect(paths).toContain('huggingFace.tokenSecret.name');
    expect(paths.filter(p => !inValues(chartValues, p))).toEqual([]);
    expect(paths.filter(p => !inSchema(p))).toEqual([]);
  });

  it('closes every template block it opens', () => {
    for (const { file, text } of templates()) {
      const actions = [
        ...text.matchAll(/\{\{-?\s*(\/\*[\s\S]*?\*\/|[^}]*?)\s*-?\}\}/g),
      ]
        .map(m => m[1])
        .filter(a => !a.startsWith('/*'));
      const opened = actions.filter(a =>
        /^(if|with|range|define)\b/.test(a),
      ).length;
      const closed = actions.filter(a => /^end\b/.test(a)).length;
      expect({ file, opened }).toEqual({ file, opened: closed });
    }
  });

  it('has a draft-07 schema that refuses unknown top-level values', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    expect(validateValues({ ...chartValues, extra: 1 }, schema)).toEqual([
      'extra: is not a value of this chart',
    ]);
  });

  it('keeps its non-template files out of what Helm renders', () => {
    const ignored = fs
      .readFileSync(path.join(CHART, '.helmignore'), 'utf8')
      .split('\n');
    const others = fs
      .readdirSync(path.join(CHART, 'templates'))
      .filter(file => !/\.(yaml|tpl|txt)$/.test(file));
    expect(others).toEqual(['.prettierrc.json']);
    expect(ignored).toContain('templates/.prettierrc.json');
  });

  it('puts `labels` on every object it renders and on the pods', () => {
    const text = Object.fromEntries(templates().map(t => [t.file, t.text]));
    const define = (name: string) =>
      text['_helpers.tpl'].match(
        new RegExp(`define "${name}"[\\s\\S]*?\\{\\{-? end \\}\\}`),
      )?.[0] ?? '';
    expect(define('model-server.labels')).toContain('.Values.labels');
    expect(define('model-server.podLabels')).toMatch(
      /\.Values\.podLabels[\s\S]*\.Values\.labels/,
    );
    for (const file of [
      'deployment.yaml',
      'service.yaml',
      'pvc.yaml',
      'ingress.yaml',
    ]) {
      const metadata = text[file].split(/\nspec:/)[0];
      expect({
        file,
        labels: metadata.includes('include "model-server.labels" .'),
      }).toEqual({ file, labels: true });
    }
    expect(text['deployment.yaml']).toMatch(
      /template:\n\s+metadata:\n\s+labels:\n\s+\{\{- include "model-server.podLabels" \./,
    );
    const kubernetesId = { 'backstage.io/kubernetes-id': 'llama' };
    expect(
      validateValues({ ...chartValues, labels: kubernetesId }, schema),
    ).toEqual([]);
    expect(
      validateValues({ ...chartValues, labels: { replicas: 2 } }, schema),
    ).not.toEqual([]);
  });

  it('has a values.yaml that its schema accepts', () => {
    expect(validateValues(chartValues, schema)).toEqual([]);
  });

  it('never takes the Hugging Face token as a literal value', () => {
    const deployment = templates().find(
      t => t.file === 'deployment.yaml',
    )!.text;
    expect(deployment).toContain('secretKeyRef');
    expect(Object.keys(schema.properties.huggingFace.properties)).toEqual([
      'tokenSecret',
    ]);
  });

  it.each(cases)('accepts the %s fixture values', name => {
    expect(validateValues(fixture(name).values, schema)).toEqual([]);
  });
});

describe('footprint(values, model-server profile) and footprintFromManifests agree', () => {
  it('has 5 value sets', () => {
    expect(cases).toEqual([
      'cpu-only-kubernetes-strategy',
      'defaults',
      'hami-loadbalancer',
      'mig-ingress-recreate',
      'nodeport-tensor-parallel',
    ]);
  });

  it.each(cases)('%s', name => {
    const { values, manifests } = fixture(name);
    expect(
      footprint(values, MODEL_SERVER_PROFILE, { releaseName: 'llm' }),
    ).toEqual(footprintFromManifests(manifests));
  });

  const usage = (name: string, surge = true) =>
    strings(
      quotaUsage(footprintFromManifests(fixture(name).manifests), undefined, {
        surge,
      }),
    );

  const common = {
    'count/deployments.apps': '1',
    'count/replicasets.apps': '1',
    'count/services': '1',
    services: '1',
  };

  it('defaults: one pod on one GPU, a 50Gi cache, no surge', () => {
    expect(usage('defaults')).toEqual({
      ...common,
      'count/persistentvolumeclaims': '1',
      'count/pods': '1',
      cpu: '2',
      'limits.memory': '16Gi',
      memory: '16Gi',
      persistentvolumeclaims: '1',
      pods: '1',
      'requests.cpu': '2',
      'requests.memory': '16Gi',
      'requests.nvidia.com/gpu': '1',
      'requests.storage': '50Gi',
    });
  });

  it('nodeport-tensor-parallel: 2 pods × 4 GPUs, a 50 % surge adds a third pod', () => {
    const fp = footprintFromManifests(
      fixture('nodeport-tensor-parallel').manifests,
    );
    expect(fp.workloads[0]).toMatchObject({
      replicas: 2,
      surge: 1,
      maxUnavailable: 0,
    });
    expect(fp.workloads[0].pod.gpuProduct).toBe('NVIDIA-A100-SXM4-80GB');
    expect(fp.workloads[0].pod.runtimeClassName).toBe('nvidia');
    expect(usage('nodeport-tensor-parallel')).toEqual({
      ...common,
      'count/persistentvolumeclaims': '1',
      'count/pods': '3',
      cpu: '48',
      'fast-ssd.storageclass.storage.k8s.io/persistentvolumeclaims': '1',
      'fast-ssd.storageclass.storage.k8s.io/requests.storage': '200Gi',
      'limits.cpu': '96',
      'limits.memory': '720Gi',
      memory: '600Gi',
      persistentvolumeclaims: '1',
      pods: '3',
      'requests.cpu': '48',
      'requests.memory': '600Gi',
      'requests.nvidia.com/gpu': '12',
      'requests.storage': '200Gi',
      'services.nodeports': '1',
    });
    expect(
      usage('nodeport-tensor-parallel', false)['requests.nvidia.com/gpu'],
    ).toBe('8');
  });

  it('hami-loadbalancer: GPU memory and a load balancer, no claim', () => {
    expect(usage('hami-loadbalancer')).toEqual({
      ...common,
      'count/pods': '1',
      cpu: '2',
      'limits.cpu': '8',
      'limits.memory': '16Gi',
      memory: '16Gi',
      pods: '1',
      'requests.cpu': '2',
      'requests.memory': '16Gi',
      'requests.nvidia.com/gpu': '1',
      'requests.nvidia.com/gpumem': '24576',
      'services.loadbalancers': '1',
      'services.nodeports': '1',
    });
  });

  it('mig-ingress-recreate: 3 MIG slices, no surge, an Ingress', () => {
    expect(usage('mig-ingress-recreate')).toEqual({
      ...common,
      'count/ingresses.networking.k8s.io': '1',
      'count/persistentvolumeclaims': '1',
      'count/pods': '3',
      cpu: '6',
      'limits.memory': '48Gi',
      memory: '48Gi',
      persistentvolumeclaims: '1',
      pods: '3',
      'requests.cpu': '6',
      'requests.memory': '48Gi',
      'requests.nvidia.com/mig-3g.40gb': '3',
      'requests.storage': '50Gi',
      'standard.storageclass.storage.k8s.io/persistentvolumeclaims': '1',
      'standard.storageclass.storage.k8s.io/requests.storage': '50Gi',
    });
  });

  it('cpu-only-kubernetes-strategy: 4 pods plus a 25 % surge, rounded up to 1', () => {
    expect(usage('cpu-only-kubernetes-strategy')).toEqual({
      ...common,
      'count/persistentvolumeclaims': '1',
      'count/pods': '5',
      cpu: '2500m',
      'ephemeral-storage': '50Gi',
      'limits.cpu': '5',
      'limits.memory': '80Gi',
      memory: '10Gi',
      persistentvolumeclaims: '1',
      pods: '5',
      'requests.cpu': '2500m',
      'requests.ephemeral-storage': '50Gi',
      'requests.memory': '10Gi',
      'requests.storage': '10Gi',
    });
  });
});

function helmOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'helm');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const helm = helmOnPath();
const NO_HELM =
  'helm template was not compared: no `helm` binary on PATH (install Helm 3 to run this check)';

describe('helm template output', () => {
  if (!helm) {
    it('helm template was not compared: no `helm` binary on PATH', () => {
      // eslint-disable-next-line no-console
      console.warn(NO_HELM);
      expect(helmOnPath()).toBeUndefined();
    });
    return;
  }
  it.each(cases)('gives the footprint the values give: %s', name => {
    const { values, valuesFile } = fixture(name);
    const rendered = execFileSync(
      helm,
      ['template', 'llm', CHART, '-f', valuesFile],
      { encoding: 'utf8' },
    );
    expect(footprintFromManifests(rendered)).toEqual(
      footprint(values, MODEL_SERVER_PROFILE, { releaseName: 'llm' }),
    );
  });
});
