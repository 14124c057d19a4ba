/**
 * SIMULATED container logs for `GET /api/v1/namespaces/{ns}/pods/{name}/log`.
 *
 * Nothing runs, so lines are made up: a deterministic function of the pod, the container and time.
 * Every line has a time stamp relative to the container's start; a request shows the lines whose
 * time has come. A vLLM image logs its start-up (arguments, model loading, CUDA graphs,
 * `Uvicorn running on ...`), then request lines about once a second and a metrics line every 10 s;
 * nginx logs its entrypoint and access lines; anything else a generic start-up and a periodic
 * health-check line.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { KubeStatusError, badRequest, notFound } from './errors';
import type { ResourceType } from './resources';
import type { Store } from './store';
import type { KObject } from './util';

export interface LogLine {
  /** Epoch milliseconds (plus a sub-millisecond fraction in `nanos`). */
  t: number;
  nanos: number;
  text: string;
}

export interface LogQuery {
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  previous?: boolean;
  follow?: boolean;
  limitBytes?: number;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++)
    h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h >>> 0;
}

/** Deterministic 32-bit mix of a seed and a counter. */
function mix(seed: number, k: number): number {
  let x = (seed ^ Math.imul(k + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

type Kind = 'vllm' | 'nginx' | 'generic';

interface Profile {
  kind: Kind;
  /** Start-up lines: [offset ms from container start, text]. */
  startup: Array<[number, string]>;
  /** Periodic lines start this long after container start. */
  steadyFromMs: number;
  /** Slot length of the periodic part. */
  slotMs: number;
  /** Line (or none) emitted in periodic slot k, whose start time is tMs. */
  slot(k: number, tMs: number): string | undefined;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** vLLM's logger time format: `MM-DD HH:MM:SS`. */
function vllmTime(tMs: number): string {
  const d = new Date(tMs);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function argValue(c: any, flag: string): string | undefined {
  const args: string[] = [...(c.command ?? []), ...(c.args ?? [])].map(String);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) return args[i + 1];
    if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
  }
  return undefined;
}

function envValue(c: any, names: string[]): string | undefined {
  for (const e of c.env ?? []) if (names.includes(e?.name)) return e.value;
  return undefined;
}

function clientIp(seed: number, k: number): string {
  const x = mix(seed, k * 7 + 1);
  return `10.244.${(x >>> 8) % 8}.${2 + (x % 250)}:${
    32768 + ((x >>> 12) % 28000)
  }`;
}

function routeMethods(route: string): string {
  if (route === '/openapi.json' || route === '/docs' || route === '/health')
    return 'GET, HEAD';
  return route.startsWith('/v1/') && route !== '/v1/models' ? 'POST' : 'GET';
}

function vllmProfile(
  _pod: KObject,
  c: any,
  seed: number,
  startMs: number,
): Profile {
  const model =
    argValue(c, '--model') ??
    envValue(c, ['MODEL', 'MODEL_ID', 'MODEL_NAME']) ??
    'facebook/opt-125m';
  const served = argValue(c, '--served-model-name') ?? model;
  const maxLen = Number(argValue(c, '--max-model-len') ?? 8192);
  const tp = Number(argValue(c, '--tensor-parallel-size') ?? 1);
  const version = /:v?(\d+\.\d+\.\d+)/.exec(c.image ?? '')?.[1] ?? '0.6.3';
  const shards = 1 + (seed % 4);
  const weightsGb = (2 + (seed % 1400) / 100).toFixed(4);
  const blocks = 8000 + (seed % 20000);
  const loadMs = 8000 + (seed % 7000);
  const graphMs = 5000 + ((seed >>> 4) % 10000);
  const at = (ms: number) => vllmTime(startMs + ms);
  const startup: Array<[number, string]> = [];
  const add = (ms: number, text: string) => startup.push([ms, text]);
  add(
    400,
    `INFO ${at(400)} api_server.py:528] vLLM API server version ${version}`,
  );
  add(
    410,
    `INFO ${at(
      410,
    )} api_server.py:529] args: Namespace(host=None, port=8000, uvicorn_log_level='info', model='${model}', served_model_name=${
      served === model ? 'None' : `['${served}']`
    }, dtype='auto', max_model_len=${maxLen}, tensor_parallel_size=${tp}, gpu_memory_utilization=0.9, seed=0)`,
  );
  add(
    2100,
    `INFO ${at(
      2100,
    )} llm_engine.py:237] Initializing an LLM engine (v${version}) with config: model='${model}', speculative_config=None, tokenizer='${model}', skip_tokenizer_init=False, tokenizer_mode=auto, revision=None, trust_remote_code=False, dtype=torch.bfloat16, max_seq_len=${maxLen}, download_dir=None, load_format=LoadFormat.AUTO, tensor_parallel_size=${tp}, pipeline_parallel_size=1, disable_custom_all_reduce=False, quantization=None, enforce_eager=False, kv_cache_dtype=auto, device_config=cuda, seed=0, served_model_name=${served}, use_v2_block_manager=True, enable_prefix_caching=False)`,
  );
  add(
    3300,
    `INFO ${at(3300)} model_runner.py:1056] Starting to load model ${model}...`,
  );
  add(
    3600,
    `INFO ${at(
      3600,
    )} weight_utils.py:243] Using model weights format ['*.safetensors']`,
  );
  add(
    3700,
    `Loading safetensors checkpoint shards:   0% Completed | 0/${shards} [00:00<?, ?it/s]`,
  );
  for (let i = 1; i <= shards; i++) {
    const ms = 3700 + Math.round((loadMs * i) / shards);
    const secs = Math.round((loadMs * i) / shards / 1000);
    add(
      ms,
      `Loading safetensors checkpoint shards: ${String(
        Math.round((100 * i) / shards),
      ).padStart(3)}% Completed | ${i}/${shards} [00:${pad(secs)}<00:${pad(
        Math.round((loadMs * (shards - i)) / shards / 1000),
      )}, ${(loadMs / shards / 1000).toFixed(2)}s/it]`,
    );
  }
  const loaded = 3800 + loadMs;
  add(
    loaded,
    `INFO ${at(
      loaded,
    )} model_runner.py:1067] Loading model weights took ${weightsGb} GB`,
  );
  add(
    loaded + 1500,
    `INFO ${at(
      loaded + 1500,
    )} gpu_executor.py:122] # GPU blocks: ${blocks}, # CPU blocks: 2048`,
  );
  add(
    loaded + 1510,
    `INFO ${at(
      loaded + 1510,
    )} gpu_executor.py:126] Maximum concurrency for ${maxLen} tokens per request: ${(
      (blocks * 16) /
      maxLen
    ).toFixed(2)}x`,
  );
  add(
    loaded + 2000,
    `INFO ${at(
      loaded + 2000,
    )} model_runner.py:1402] Capturing the model for CUDA graphs. This may lead to unexpected consequences if the model is not static. To run the model in eager mode, set 'enforce_eager=True' or use '--enforce-eager' in the CLI.`,
  );
  const graphs = loaded + 2000 + graphMs;
  add(
    graphs,
    `INFO ${at(
      graphs,
    )} model_runner.py:1530] Graph capturing finished in ${Math.round(
      graphMs / 1000,
    )} secs.`,
  );
  add(
    graphs + 300,
    `INFO ${at(
      graphs + 300,
    )} api_server.py:232] Started engine process with PID 64`,
  );
  for (const [i, route] of [
    '/openapi.json',
    '/docs',
    '/health',
    '/tokenize',
    '/detokenize',
    '/v1/models',
    '/version',
    '/v1/chat/completions',
    '/v1/completions',
    '/v1/embeddings',
  ].entries()) {
    add(
      graphs + 900 + i,
      `INFO ${at(
        graphs + 900,
      )} launcher.py:19] Available routes are: ${route}, Methods: ${routeMethods(
        route,
      )}`,
    );
  }
  add(graphs + 1000, 'INFO:     Started server process [1]');
  add(graphs + 1001, 'INFO:     Waiting for application startup.');
  add(graphs + 1002, 'INFO:     Application startup complete.');
  add(
    graphs + 1003,
    'INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)',
  );
  const paths = [
    '/v1/chat/completions',
    '/v1/chat/completions',
    '/v1/chat/completions',
    '/v1/completions',
    '/v1/models',
    '/health',
  ];
  return {
    kind: 'vllm',
    startup,
    steadyFromMs: graphs + 2000,
    slotMs: 1000,
    slot: (k, tMs) => {
      if (k % 10 === 9) {
        const x = mix(seed, k);
        const running = x % 6;
        const prompt = running
          ? (50 + (x % 900) + (x % 97) / 10).toFixed(1)
          : '0.0';
        const gen = running
          ? (20 + ((x >>> 8) % 600) + (x % 13) / 10).toFixed(1)
          : '0.0';
        const kv = running ? ((x >>> 3) % 600) / 10 : 0;
        return `INFO ${vllmTime(
          tMs,
        )} metrics.py:349] Avg prompt throughput: ${prompt} tokens/s, Avg generation throughput: ${gen} tokens/s, Running: ${running} reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: ${kv.toFixed(
          1,
        )}%, CPU KV cache usage: 0.0%.`;
      }
      const x = mix(seed, k);
      if (x % 10 < 3) return undefined; // no request in this second
      const path = paths[(x >>> 4) % paths.length];
      const method =
        path.startsWith('/v1/') && path !== '/v1/models' ? 'POST' : 'GET';
      return `INFO:     ${clientIp(
        seed,
        k,
      )} - "${method} ${path} HTTP/1.1" 200 OK`;
    },
  };
}

function nginxProfile(seed: number, startMs: number): Profile {
  const d = (ms: number) =>
    new Date(startMs + ms)
      .toISOString()
      .replace('T', ' ')
      .slice(0, 19)
      .replace(/-/g, '/');
  const startup: Array<[number, string]> = [
    [
      100,
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    ],
    [
      101,
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    ],
    [
      102,
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    ],
    [
      103,
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    ],
    [
      104,
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    ],
    [105, '/docker-entrypoint.sh: Configuration complete; ready for start up'],
    [200, `${d(200)} [notice] 1#1: using the "epoll" event method`],
    [201, `${d(201)} [notice] 1#1: start worker processes`],
    [202, `${d(202)} [notice] 1#1: start worker process 29`],
  ];
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const clf = (tMs: number) => {
    const t = new Date(tMs);
    return `${pad(t.getUTCDate())}/${
      months[t.getUTCMonth()]
    }/${t.getUTCFullYear()}:${pad(t.getUTCHours())}:${pad(
      t.getUTCMinutes(),
    )}:${pad(t.getUTCSeconds())} +0000`;
  };
  return {
    kind: 'nginx',
    startup,
    steadyFromMs: 1000,
    slotMs: 2000,
    slot: (k, tMs) => {
      const x = mix(seed, k);
      if (x % 4 === 0) return undefined;
      const path = [
        '/',
        '/index.html',
        '/healthz',
        '/static/app.js',
        '/favicon.ico',
      ][(x >>> 3) % 5];
      const code = path === '/favicon.ico' ? 404 : 200;
      return `${clientIp(seed, k).split(':')[0]} - - [${clf(
        tMs,
      )}] "GET ${path} HTTP/1.1" ${code} ${
        code === 404 ? 153 : 200 + (x % 4000)
      } "-" "kube-probe/1.31" "-"`;
    },
  };
}

function genericProfile(pod: KObject, c: any, startMs: number): Profile {
  const iso = (ms: number) => new Date(startMs + ms).toISOString();
  const port = c.ports?.[0]?.containerPort ?? 8080;
  const startup: Array<[number, string]> = [
    [50, `${iso(50)} INFO starting ${c.name} (image ${c.image ?? 'unknown'})`],
    [
      60,
      `${iso(60)} INFO pod ${pod.metadata?.namespace}/${
        pod.metadata?.name
      } on node ${pod.spec?.nodeName ?? ''}`,
    ],
    [300, `${iso(300)} INFO configuration loaded`],
    [500, `${iso(500)} INFO listening on :${port}`],
    [510, `${iso(510)} INFO ready`],
  ];
  return {
    kind: 'generic',
    startup,
    steadyFromMs: 10_000,
    slotMs: 10_000,
    slot: (_k, tMs) =>
      `${new Date(tMs).toISOString()} INFO health check ok (uptime ${Math.round(
        (tMs - startMs) / 1000,
      )}s)`,
  };
}

function profileFor(
  pod: KObject,
  c: any,
  seed: number,
  startMs: number,
): Profile {
  const image = String(c.image ?? '').toLowerCase();
  if (image.includes('vllm')) return vllmProfile(pod, c, seed, startMs);
  if (/(^|\/)nginx/.test(image)) return nginxProfile(seed, startMs);
  return genericProfile(pod, c, startMs);
}

const profiles = new WeakMap<KObject, Map<string, Profile>>();

/** A line's sub-second jitter, so that time stamps look real and are strictly increasing. */
function nanosFor(seed: number, k: number): number {
  return mix(seed, k + 1_000_003) % 999_999;
}

/**
 * The log of one container instance between `fromMs` (inclusive) and `toMs` (inclusive),
 * oldest first; with `tail`, only the last `tail` lines of that window.
 */
export function containerLogLines(
  pod: KObject,
  containerName: string,
  startMs: number,
  fromMs: number,
  toMs: number,
  opts: { tail?: number; instance?: string; endMs?: number } = {},
): LogLine[] {
  const c = [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
  ].find((x: any) => x?.name === containerName) ?? { name: containerName };
  const seed = hash(
    `${pod.metadata?.namespace}/${pod.metadata?.name}/${containerName}/${
      opts.instance ?? ''
    }`,
  );
  // stored objects are immutable: a profile per pod object, container instance and start
  let byPod = profiles.get(pod);
  if (!byPod) {
    byPod = new Map();
    profiles.set(pod, byPod);
  }
  const profileKey = `${containerName}|${opts.instance ?? ''}|${startMs}`;
  let profile = byPod.get(profileKey);
  if (!profile) {
    profile = profileFor(pod, c, seed, startMs);
    byPod.set(profileKey, profile);
  }
  const end = Math.min(toMs, opts.endMs ?? Infinity);
  const out: LogLine[] = [];
  // periodic part, newest first when tailing (so an old pod's tail is cheap)
  const periodic: LogLine[] = [];
  const firstSlot = Math.max(
    0,
    Math.floor((fromMs - startMs - profile.steadyFromMs) / profile.slotMs),
  );
  const lastSlot = Math.floor(
    (end - startMs - profile.steadyFromMs) / profile.slotMs,
  );
  const want = opts.tail ?? Infinity;
  for (let k = lastSlot; k >= firstSlot && periodic.length < want; k--) {
    const t =
      startMs +
      profile.steadyFromMs +
      k * profile.slotMs +
      (mix(seed, k + 77) % Math.max(1, profile.slotMs - 1));
    if (t > end || t < fromMs) continue;
    const text = profile.slot(k, t);
    if (text !== undefined)
      periodic.push({ t, nanos: nanosFor(seed, k), text });
  }
  periodic.reverse();
  if (periodic.length < want) {
    for (const [i, [ms, text]] of profile.startup.entries()) {
      const t = startMs + ms;
      if (t >= fromMs && t <= end)
        out.push({ t, nanos: nanosFor(seed, -1 - i), text });
    }
  }
  out.push(...periodic);
  return opts.tail !== undefined
    ? out.slice(Math.max(0, out.length - opts.tail))
    : out;
}

/** RFC 3339 with nanoseconds, trailing zeros trimmed (Go's time.RFC3339Nano), like the kubelet. */
export function rfc3339Nano(line: LogLine): string {
  const iso = new Date(line.t).toISOString(); // ...ss.mmmZ
  const frac = `${iso.slice(20, 23)}${String(line.nanos).padStart(
    6,
    '0',
  )}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

function formatLine(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${rfc3339Nano(line)} ${line.text}\n` : `${line.text}\n`;
}

/** Which container a log request is for: the real API server's validation and messages. */
export function resolveLogContainer(
  pod: KObject,
  container: string | undefined,
): string {
  const all = [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ].map((c: any) => String(c?.name));
  const name = pod.metadata?.name;
  if (!container) {
    const containers = pod.spec?.containers ?? [];
    if (containers.length === 1) return containers[0].name;
    if (containers.length === 0)
      throw badRequest(`a container name must be specified for pod ${name}`);
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${all.join(
        ' ',
      )}]`,
    );
  }
  if (!all.includes(container))
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

function parseIntParam(
  q: URLSearchParams,
  key: string,
  min: number,
): number | undefined {
  const v = q.get(key);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n))
    throw badRequest(`${key}: Invalid value: "${v}": must be an integer`);
  if (n < min) {
    throw new KubeStatusError(
      422,
      'Invalid',
      `PodLogOptions "" is invalid: ${key}: Invalid value: ${n}: must be ${
        min === 0 ? 'greater than or equal to 0' : 'greater than 0'
      }`,
      { kind: 'PodLogOptions' },
    );
  }
  return n;
}

export function parseLogQuery(q: URLSearchParams): LogQuery {
  const bool = (k: string) => q.get(k) === 'true' || q.get(k) === '1';
  const query: LogQuery = {
    container: q.get('container') ?? undefined,
    tailLines: parseIntParam(q, 'tailLines', 0),
    sinceSeconds: parseIntParam(q, 'sinceSeconds', 1),
    sinceTime: q.get('sinceTime') ?? undefined,
    timestamps: bool('timestamps'),
    previous: bool('previous'),
    follow: bool('follow'),
    limitBytes: parseIntParam(q, 'limitBytes', 1),
  };
  if (query.sinceSeconds !== undefined && query.sinceTime !== undefined) {
    throw new KubeStatusError(
      422,
      'Invalid',
      'PodLogOptions "" is invalid: []: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
      {
        kind: 'PodLogOptions',
      },
    );
  }
  return query;
}

function startOf(pod: KObject, container: string): number {
  const cs = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ].find((s: any) => s?.name === container);
  const started =
    cs?.state?.running?.startedAt ??
    cs?.state?.terminated?.startedAt ??
    pod.status?.startTime ??
    pod.metadata?.creationTimestamp;
  const t = started ? Date.parse(started) : NaN;
  return Number.isFinite(t) ? t : Date.now();
}

export interface LogServeContext {
  store: Store;
  podType: ResourceType;
  headers: Record<string, string>;
  now?: () => number;
  /** How often a follow stream looks for new lines (default 200 ms). */
  followPollMs?: number;
}

/** Serves GET .../pods/{name}/log. Throws KubeStatusError for bad requests. */
export function serveLogs(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: LogServeContext,
  ns: string,
  podName: string,
  q: URLSearchParams,
): void {
  const now = ctx.now ?? Date.now;
  const entry = ctx.store.get(ctx.podType, ns, podName);
  if (!entry) throw notFound(ctx.podType, podName);
  const pod = entry.obj;
  const query = parseLogQuery(q);
  const container = resolveLogContainer(pod, query.container);
  const cs = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ].find((s: any) => s?.name === container);
  if (query.previous) {
    if (!cs?.restartCount || !cs?.lastState?.terminated) {
      throw badRequest(
        `previous terminated container "${container}" in pod "${podName}" not found`,
      );
    }
  }
  const headers = {
    ...ctx.headers,
    'content-type': 'text/plain',
  };
  // not scheduled (no kubelet to ask): the real server streams nothing
  if (!pod.spec?.nodeName) {
    res.writeHead(200, headers);
    res.end();
    return;
  }
  if (!query.previous && cs?.state?.waiting) {
    throw badRequest(
      `container "${container}" in pod "${podName}" is waiting to start: ${
        cs.state.waiting.reason ?? 'ContainerCreating'
      }`,
    );
  }
  let startMs: number;
  let endMs: number | undefined;
  let instance = '';
  if (query.previous) {
    const term = cs.lastState.terminated;
    startMs =
      Date.parse(term.startedAt ?? '') || startOf(pod, container) - 3_600_000;
    endMs = Date.parse(term.finishedAt ?? '') || startMs + 60_000;
    instance = `restart-${cs.restartCount - 1}`;
  } else {
    startMs = startOf(pod, container);
    const finished = cs?.state?.terminated?.finishedAt;
    if (finished) endMs = Date.parse(finished);
  }
  let fromMs = startMs;
  if (query.sinceSeconds !== undefined)
    fromMs = Math.max(fromMs, now() - query.sinceSeconds * 1000);
  if (query.sinceTime !== undefined) {
    const t = Date.parse(query.sinceTime);
    if (!Number.isFinite(t))
      throw badRequest(`sinceTime: invalid time "${query.sinceTime}"`);
    fromMs = Math.max(fromMs, t);
  }
  let lastMs = now();
  const lines = containerLogLines(pod, container, startMs, fromMs, lastMs, {
    tail: query.tailLines,
    instance,
    endMs,
  });
  let budget = query.limitBytes ?? Infinity;
  const emit = (ls: LogLine[]): boolean => {
    if (!ls.length) return true;
    let text = ls.map(l => formatLine(l, !!query.timestamps)).join('');
    let buf = Buffer.from(text);
    if (buf.length > budget) {
      buf = buf.subarray(0, budget);
      text = '';
    }
    budget -= buf.length;
    res.write(buf);
    return budget > 0;
  };
  const follow = query.follow && !query.previous && endMs === undefined;
  if (!follow) {
    const body = Buffer.from(
      lines.map(l => formatLine(l, !!query.timestamps)).join(''),
    );
    const out =
      query.limitBytes !== undefined
        ? body.subarray(0, query.limitBytes)
        : body;
    res.writeHead(200, headers);
    res.end(out);
    return;
  }
  // follow: a chunked stream that goes on until the client closes or the pod goes away
  res.writeHead(200, { ...headers, 'transfer-encoding': 'chunked' });
  res.flushHeaders?.();
  if (!emit(lines)) {
    res.end();
    return;
  }
  const uid = pod.metadata?.uid;
  const timer = setInterval(() => {
    const current = ctx.store.get(ctx.podType, ns, podName);
    if (!current || current.obj.metadata?.uid !== uid) {
      clearInterval(timer);
      res.end();
      return;
    }
    const t = now();
    const fresh = containerLogLines(pod, container, startMs, lastMs + 1, t, {
      instance,
    });
    lastMs = t;
    if (!emit(fresh)) {
      clearInterval(timer);
      res.end();
    }
  }, ctx.followPollMs ?? 200);
  const stop = () => clearInterval(timer);
  req.on('close', stop);
  res.on('close', stop);
}
