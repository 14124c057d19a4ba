import { Writable } from 'stream';
import { Log } from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from './sim';
import { clientsFor, expectApiError, cpuNode } from './__testutils__/clients';

function collector() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

async function waitFor(cond: () => boolean, timeoutMs = 12_000) {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 20));
  }
}

describe('pod logs', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;
  const started = new Date(Date.now() - 10 * 60_000).toISOString();

  async function startedLongAgo(name: string) {
    const p = await c.core.readNamespacedPod({ name, namespace: 'logs' });
    p.status!.startTime = new Date(started);
    for (const cs of p.status!.containerStatuses ?? [])
      cs.state = { running: { startedAt: new Date(started) } };
    await c.core.replaceNamespacedPodStatus({
      name,
      namespace: 'logs',
      body: p,
    });
  }

  beforeAll(async () => {
    sim = await startKubeSim({
      port: 0,
      scenario: {
        objects: [
          cpuNode('n1', '64', '256Gi'),
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'logs' } },
        ],
      },
    });
    c = clientsFor(sim);
    await c.core.createNamespacedPod({
      namespace: 'logs',
      body: {
        metadata: { name: 'llm' },
        spec: {
          containers: [
            {
              name: 'vllm',
              image: 'vllm/vllm-openai:v0.6.3',
              args: ['--model', 'meta-llama/Meta-Llama-3-8B-Instruct'],
            },
          ],
        },
      },
    });
    await c.core.createNamespacedPod({
      namespace: 'logs',
      body: {
        metadata: { name: 'two' },
        spec: {
          initContainers: [{ name: 'init', image: 'busybox:1.36' }],
          containers: [
            { name: 'app', image: 'example/app:1' },
            { name: 'sidecar', image: 'nginx:1.27' },
          ],
        },
      },
    });
    await sim.settle();
    await startedLongAgo('llm');
    await startedLongAgo('two');
  });
  afterAll(() => sim.close());

  const raw = (path: string) =>
    fetch(`${sim.url}/api/v1/namespaces/logs/pods/${path}`);

  it('shows a vLLM start-up, then requests and metrics, deterministically', async () => {
    const text = await c.core.readNamespacedPodLog({
      name: 'llm',
      namespace: 'logs',
    });
    expect(text).toContain('vLLM API server version 0.6.3');
    expect(text).toContain(
      'Starting to load model meta-llama/Meta-Llama-3-8B-Instruct',
    );
    expect(text).toContain(
      'Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)',
    );
    expect(text).toMatch(/"POST \/v1\/chat\/completions HTTP\/1.1" 200 OK/);
    expect(text).toMatch(/metrics.py:\d+\] Avg prompt throughput/);
    const lines = text.trimEnd().split('\n');
    // ~10 minutes of a mostly busy server
    expect(lines.length).toBeGreaterThan(300);
    expect(text.indexOf('Loading model weights')).toBeLessThan(
      text.indexOf('Uvicorn running'),
    );
    // same pod, same lines (the newest may have been added meanwhile)
    const again = await c.core.readNamespacedPodLog({
      name: 'llm',
      namespace: 'logs',
    });
    expect(again.startsWith(lines.slice(0, 200).join('\n'))).toBe(true);
  });

  it('honours tailLines, timestamps, sinceSeconds and limitBytes', async () => {
    const tail = await (
      await raw('llm/log?tailLines=5&timestamps=true')
    ).text();
    const lines = tail.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const stamps = lines.map(l =>
      Date.parse(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z) /.exec(l)![1]),
    );
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    expect(Date.now() - stamps[0]).toBeLessThan(60_000);

    const zero = await (await raw('llm/log?tailLines=0')).text();
    expect(zero).toBe('');

    const asked = Date.now();
    const since = await (
      await raw('llm/log?sinceSeconds=30&timestamps=true')
    ).text();
    // the server's clock read at or after `asked`
    for (const l of since.trimEnd().split('\n')) {
      expect(Date.parse(l.split(' ')[0])).toBeGreaterThanOrEqual(
        asked - 30_000,
      );
    }
    expect(since).not.toContain('Uvicorn running');

    const limited = await raw('llm/log?limitBytes=100');
    expect(Buffer.from(await limited.arrayBuffer()).length).toBe(100);
  });

  it('needs a container name when a pod has several, and refuses unknown ones', async () => {
    const none = await raw('two/log');
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message:
        'a container name must be specified for pod two, choose one of: [init app sidecar]',
    });
    const bad = await expectApiError(() =>
      c.core.readNamespacedPodLog({
        name: 'two',
        namespace: 'logs',
        container: 'nope',
      }),
    );
    expect(bad.code).toBe(400);
    expect(bad.status.message).toBe('container nope is not valid for pod two');
    const nginx = await c.core.readNamespacedPodLog({
      name: 'two',
      namespace: 'logs',
      container: 'sidecar',
    });
    expect(nginx).toContain('start worker processes');
    expect(nginx).toMatch(/"GET \/[^ ]* HTTP\/1.1" (200|404)/);
    const app = await c.core.readNamespacedPodLog({
      name: 'two',
      namespace: 'logs',
      container: 'app',
    });
    expect(app).toContain('starting app (image example/app:1)');
    expect(app).toContain('health check ok');
    const missing = await raw('nope/log');
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toBe('pods "nope" not found');
  });

  it('has no previous log until the container restarted', async () => {
    const res = await raw('llm/log?previous=true');
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe(
      'previous terminated container "vllm" in pod "llm" not found',
    );
    const p = await c.core.readNamespacedPod({
      name: 'llm',
      namespace: 'logs',
    });
    const cs = p.status!.containerStatuses![0];
    cs.restartCount = 1;
    cs.lastState = {
      terminated: {
        exitCode: 1,
        reason: 'Error',
        startedAt: new Date(Date.now() - 3_600_000),
        finishedAt: new Date(Date.now() - 3_000_000),
      },
    };
    await c.core.replaceNamespacedPodStatus({
      name: 'llm',
      namespace: 'logs',
      body: p,
    });
    const prev = await (await raw('llm/log?previous=true')).text();
    expect(prev).toContain('vLLM API server version');
    const last = prev.trimEnd().split('\n').length;
    expect(last).toBeGreaterThan(100);
  });

  it('follows with client-node Log until the client aborts', async () => {
    const out = collector();
    // client-node pipes the response body into our stream; aborting errors the body stream, which
    // only the 'pipe' event hands to us (with no listener it is an uncaught exception)
    const bodyErrors: Error[] = [];
    out.stream.on('pipe', body =>
      body.on('error', (error: Error) => bodyErrors.push(error)),
    );
    const log = new Log(c.kc);
    const t0 = Date.now();
    const abort = await log.log('logs', 'llm', 'vllm', out.stream, {
      follow: true,
      tailLines: 1,
      timestamps: true,
    });
    // the tail line, then new lines as (simulated) requests arrive
    await waitFor(() => {
      const lines = out.text().trimEnd().split('\n').filter(Boolean);
      return (
        lines.length >= 3 &&
        Date.parse(lines[lines.length - 1].split(' ')[0]) > t0
      );
    });
    abort.abort();
    await waitFor(() => bodyErrors.length > 0);
    expect(bodyErrors.map(e => e.name)).toEqual(['AbortError']);
    expect(out.text()).toMatch(
      /"(POST|GET) \/[^ ]* HTTP\/1.1" 200 OK|Avg prompt/,
    );
  }, 20_000);

  it('ends a follow stream when the pod is deleted', async () => {
    await c.core.createNamespacedPod({
      namespace: 'logs',
      body: {
        metadata: { name: 'short' },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
    });
    await sim.settle();
    const res = await raw('short/log?follow=true');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    // a container that has just started may not have logged yet: read until its first line
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('starting c (image busybox)')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended early: ${JSON.stringify(text)}`);
      text += decoder.decode(value, { stream: true });
    }
    await c.core.deleteNamespacedPod({ name: 'short', namespace: 'logs' });
    // then the stream ends on its own once the pod is gone
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
  });
});
