// Load generator for HTTP scenarios (a child process pinned to the load CPU), one request in
// flight per connection (-p 1). Closed loop (throughput): autocannon. Fixed rate (latency): an
// open-loop scheduler in the manner of wrk2 — request i is due at start + i/rate and its latency
// is counted from when it was due, so a stall is charged to every request it delayed (corrected
// for coordinated omission). autocannon's own -R is not used for that: it sends each connection's
// quota for the second back to back and then pauses, which measures closed-loop bursts.
import http from 'node:http';
import autocannon, { type AutocannonResult } from 'autocannon';
import { newHistogram, summarise, type LatencySummary } from '../stats.js';
import { workerMain } from '../procs.js';

export interface HttpLoadConfig {
  url: string;
  /** A POST body (GraphQL) or nothing for GET. */
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; closed loop when absent. */
  rate?: number;
}

export interface HttpLoadResult {
  requests: number;
  rps: number;
  errors: number;
  non2xx: number;
  /** A sample response body, to check the run did what it should. */
  sample: string;
  latency: LatencySummary;
  /** Fixed rate: from when the request got a connection (uncorrected); closed loop: as autocannon measured it. */
  rawLatency: LatencySummary;
}

async function openLoop(config: HttpLoadConfig & { rate: number }): Promise<HttpLoadResult> {
  const target = new URL(config.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.connections });
  const fromDue = newHistogram();
  const service = newHistogram();
  const headers: Record<string, string> = { 'content-type': 'application/json', ...config.headers };
  if (config.body) headers['content-length'] = String(Buffer.byteLength(config.body));
  let requests = 0;
  let errors = 0;
  let non2xx = 0;
  let sample = '';
  const total = Math.round(config.rate * config.seconds);
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  const one = (due: number) => new Promise<void>((resolve) => {
    let assigned = due;
    const request = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: config.body ? 'POST' : 'GET', headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        if (!sample) text += chunk.toString();
      });
      response.on('end', () => {
        const end = performance.now();
        requests++;
        if (response.statusCode! < 200 || response.statusCode! >= 300) non2xx++;
        if (!sample) sample = text.slice(0, 600);
        fromDue.recordValue(Math.max(1, Math.round((end - due) * 1000)));
        service.recordValue(Math.max(1, Math.round((end - assigned) * 1000)));
        resolve();
      });
    });
    request.on('socket', () => (assigned = performance.now()));
    request.setTimeout(10_000, () => request.destroy(new Error('timeout')));
    request.on('error', () => {
      errors++;
      fromDue.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000)));
      resolve();
    });
    if (config.body) request.end(config.body);
    else request.end();
  });
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / config.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const p = one(due);
    pending.add(p);
    void p.then(() => pending.delete(p));
  }
  await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, 15_000))]);
  errors += pending.size;
  agent.destroy();
  return {
    requests, rps: requests / ((performance.now() - started) / 1000), errors, non2xx, sample,
    latency: summarise(fromDue), rawLatency: summarise(service),
  };
}

async function run(config: HttpLoadConfig): Promise<HttpLoadResult> {
  if (config.rate) return openLoop({ ...config, rate: config.rate });
  const latency = newHistogram();
  let sample = '';
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: config.url,
        method: config.body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', ...config.headers },
        body: config.body,
        connections: config.connections,
        pipelining: 1,
        duration: config.seconds,
        timeout: 10,
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latency.recordValue(Math.max(1, Math.round(responseTime * 1000)));
    });
  });
  // One plain request for the sample (not counted).
  const check = await fetch(config.url, {
    method: config.body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...config.headers },
    body: config.body,
  });
  sample = (await check.text()).slice(0, 600);
  return {
    requests: result.requests.total,
    rps: result.requests.total / config.seconds,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    sample,
    latency: summarise(latency),
    rawLatency: summarise(latency),
  };
}

void workerMain(run);
