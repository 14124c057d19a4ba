import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { footprint } from '../footprint/fromValues';
import {
  MODEL_SERVER_PROFILE,
  VLLM_PRODUCTION_STACK_PROFILE,
} from '../footprint/profiles';
import { assertRenderedValues, renderValues } from './render';

const CHART = path.resolve(
  __dirname,
  '../../../../examples/charts/model-server',
);
const chartDefaults = yaml.load(
  fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'),
) as Record<string, unknown>;
const schema = JSON.parse(
  fs.readFileSync(path.join(CHART, 'values.schema.json'), 'utf8'),
);

describe('renderValues', () => {
  it('layers chart defaults, overlay, user parameters and exposure', () => {
    const rendered = renderValues({
      profile: MODEL_SERVER_PROFILE,
      chartDefaults,
      schema,
      overlay: {
        storageClass: 'fast-ssd',
        runtimeClassName: 'nvidia',
        labels: { env: 'prod' },
      },
      userParams: {
        model: { id: 'Qwen/Qwen2.5-7B-Instruct' },
        gpu: { count: 2 },
        runtimeClassName: 'kata',
      },
      exposure: { type: 'nodeport', nodePort: 30123 },
    });
    expect(rendered.errors).toEqual([]);
    expect(rendered.unmapped).toEqual([]);
    expect(rendered.values).toMatchObject({
      model: {
        id: 'Qwen/Qwen2.5-7B-Instruct',
        dtype: 'auto',
        maxModelLen: 8192,
      },
      gpu: { count: 2, resource: 'nvidia.com/gpu' },
      cache: { size: '50Gi', storageClass: 'fast-ssd' },
      runtimeClassName: 'kata',
      labels: { env: 'prod' },
      exposure: { type: 'nodeport', nodePort: 30123 },
    });
    expect(yaml.load(rendered.yaml)).toEqual(rendered.values);
    const fp = footprint(rendered.values, MODEL_SERVER_PROFILE);
    expect(fp.services).toEqual([
      { name: 'release', type: 'NodePort', nodePorts: 1 },
    ]);
    expect(fp.workloads[0].pod.runtimeClassName).toBe('kata');
  });

  it('reports schema errors and denied paths, naming them', () => {
    const rendered = renderValues({
      profile: MODEL_SERVER_PROFILE,
      chartDefaults,
      schema,
      deniedPaths: ['image.repository', 'runtimeClassName'],
      userParams: {
        image: { repository: 'evil/miner' },
        gpu: { count: 'two' },
        debug: true,
      },
    });
    expect(rendered.errors).toEqual([
      'image.repository: may not be set, an administrator reserves it',
      'debug: is not a value of this chart',
      'gpu.count: must be integer',
    ]);
    expect(() => assertRenderedValues(rendered)).toThrow(
      'image.repository: may not be set, an administrator reserves it',
    );
    expect(() =>
      assertRenderedValues(
        renderValues({ profile: MODEL_SERVER_PROFILE, chartDefaults }),
      ),
    ).not.toThrow();
  });

  it('fills list elements of the production stack the user left unset', () => {
    const rendered = renderValues({
      profile: VLLM_PRODUCTION_STACK_PROFILE,
      overlay: {
        storageClass: 'fast',
        tolerations: [{ key: 'gpu', operator: 'Exists' }],
      },
      userParams: {
        servingEngineSpec: {
          modelSpec: [
            { name: 'a', pvcStorage: '10Gi' },
            { name: 'b', pvcStorage: '10Gi', storageClass: 'slow' },
          ],
        },
      },
    });
    expect(rendered.unmapped).toEqual([]);
    expect(rendered.values.servingEngineSpec).toEqual({
      tolerations: [{ key: 'gpu', operator: 'Exists' }],
      modelSpec: [
        { name: 'a', pvcStorage: '10Gi', storageClass: 'fast' },
        { name: 'b', pvcStorage: '10Gi', storageClass: 'slow' },
      ],
    });
  });

  it('refuses prototype keys in any layer', () => {
    expect(() =>
      renderValues({
        profile: MODEL_SERVER_PROFILE,
        chartDefaults,
        userParams: JSON.parse('{"model": {"__proto__": {"id": "x"}}}'),
      }),
    ).toThrow('model.__proto__: is not an allowed key');
  });
});
