// Job round trip as a frontend does it: POST /runner/run, then long-poll
// GET /_berth/jobs/:id?wait=10&version=N until the job is finished, over one keep-alive
// connection (node:http, no process start-ups in the figure).
//   node job_roundtrip.js SOCKET RUNS  ->  "median_ms=.. p90_ms=.. polls=.." (polls: median per job)
'use strict';
const http = require('node:http');

const [socketPath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 20);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ socketPath, method, path, agent,
      headers: data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {} },
    (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => {
        if (res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text));
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

(async () => {
  const times = [], polls = [];
  for (let i = 0; i < runs; ++i) {
    const start = process.hrtime.bigint();
    const { id } = await call('POST', '/runner/run', { command: 'noop' });
    let job = { version: 0 }, n = 0;
    do {
      job = await call('GET', `/_berth/jobs/${id}?wait=10&version=${job.version}`);
      ++n;
    } while (!['succeeded', 'failed', 'cancelled'].includes(job.state));
    if (job.state !== 'succeeded') throw new Error(`job ${id} ended ${job.state}: ${JSON.stringify(job)}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    polls.push(n);
  }
  console.log(`median_ms=${quantile(times, 0.5).toFixed(3)} p90_ms=${quantile(times, 0.9).toFixed(3)} polls=${quantile(polls, 0.5)}`);
  agent.destroy();
})().catch((e) => { console.error(e.message); process.exit(1); });
