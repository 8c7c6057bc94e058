// The soak's traffic (bench/soak.sh): a mix of what berth's clients do, over raw keep-alive
// connections on the Unix socket, for a fixed time, optionally throttled to a total request rate.
//
//   node soak_client.js --socket S --duration SECONDS [--rate REQ_PER_S] [--report SECONDS]
//
// Clients (counts are flags): --hello N GET /hello; --notes N create, read, patch, list, delete a
// note; --jobs N POST /runner/run then long-poll GET /_berth/jobs/:id until finished; --pipelined N
// send 8 requests in one write, then read the 8 responses; --slow N write a request in pieces and
// read a ~400 KB listing a chunk at a time.
// Every response is checked (status, and the body where it matters); anything else is an error.
// Prints one JSON line per report interval ({"t":..,"requests":..,"errors":..}) and a final line
// {"final":true,...}; exit code 1 when there were errors.
'use strict';
const net = require('node:net');

const args = { socket: '', duration: 60, rate: 0, report: 5, hello: 8, notes: 4, jobs: 2, pipelined: 2, slow: 2 };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in args)) { console.error(`unknown flag --${key}`); process.exit(2); }
  args[key] = key === 'socket' ? process.argv[i + 1] : Number(process.argv[i + 1]);
}
const REQUEST_TIMEOUT_MS = 30000;  // a long poll waits at most 10 s
const PIPELINE_DEPTH = 8;
const BIG_BODY = 'x'.repeat(50000);
const BIG_NOTES = 8;  // the slow readers' listing: ~400 KB, twice a Unix socket's buffer

const stats = { requests: 0, errors: 0, by_kind: {}, error_samples: [] };
function count(kind, n = 1) {
  stats.requests += n;
  stats.by_kind[kind] = (stats.by_kind[kind] || 0) + n;
}
function error(what) {
  stats.errors += 1;
  if (stats.error_samples.length < 20) stats.error_samples.push(what);
}

// --- throttle: a token bucket shared by every client (rate 0: no limit) -------------------------
const waiting = [];
let tokens = 0;
if (args.rate > 0) {
  let last = process.hrtime.bigint();
  setInterval(() => {
    const now = process.hrtime.bigint();
    tokens = Math.min(tokens + (Number(now - last) / 1e9) * args.rate, args.rate / 10 + PIPELINE_DEPTH);
    last = now;
    while (waiting.length && tokens >= waiting[0].n) {
      const w = waiting.shift();
      tokens -= w.n;
      w.resolve();
    }
  }, 5).unref();
}
function admit(n = 1) {
  if (args.rate <= 0) return Promise.resolve();
  if (!waiting.length && tokens >= n) { tokens -= n; return Promise.resolve(); }
  return new Promise((resolve) => waiting.push({ n, resolve }));
}

// --- one keep-alive connection with a small HTTP/1.1 response parser ----------------------------
class Connection {
  constructor(opts = {}) {
    this.slowRead = opts.slowRead || false;
    this.buffer = Buffer.alloc(0);
    this.pending = [];  // {resolve, reject, head}
    this.closed = false;
    this.open();
  }
  open() {
    this.closed = false;
    this.buffer = Buffer.alloc(0);
    const socket = net.createConnection(args.socket);
    this.socket = socket;
    // Events of a socket this connection has since replaced are old news.
    socket.on('data', (chunk) => { if (socket === this.socket) this.onData(chunk); });
    socket.on('error', (e) => { if (socket === this.socket) this.fail(new Error(`socket: ${e.code || e.message}`)); });
    socket.on('close', () => { if (socket === this.socket) this.fail(new Error('connection closed by berth')); });
  }
  fail(e) {
    this.closed = true;
    for (const p of this.pending.splice(0)) p.reject(e);
  }
  onData(chunk) {
    if (this.slowRead) {  // a slow reader: take a chunk, then stop reading for a while
      this.socket.pause();
      setTimeout(() => this.socket.resume(), 20);
    }
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.pending.length) {
      const r = parseResponse(this.buffer, this.pending[0].head);
      if (!r) break;
      this.buffer = this.buffer.subarray(r.consumed);
      const p = this.pending.shift();
      clearTimeout(p.timer);
      p.resolve(r);
      if (r.close) { this.socket.destroy(); return; }
    }
  }
  // Writes `wire` (one or more requests) and resolves with one response per entry of `heads`.
  send(wire, heads, pieces = 1) {
    if (this.closed) this.open();
    const promises = heads.map((head) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no response within 30 s')), REQUEST_TIMEOUT_MS);
      this.pending.push({ resolve, reject: (e) => { clearTimeout(timer); reject(e); }, head, timer });
    }));
    if (pieces <= 1) {
      this.socket.write(wire);
    } else {  // a slow writer: the request in pieces, 50 ms apart
      // Each piece's timer is set once the previous piece is written: timers of different
      // durations set together may fire out of order when the event loop falls behind, which
      // sent berth a request with its pieces swapped (a 400 the soak of 2026-12-02 counted).
      const step = Math.ceil(wire.length / pieces);
      const socket = this.socket;
      const write = (i) => {
        if (i >= pieces || this.closed || socket !== this.socket) return;
        socket.write(wire.subarray(i * step, (i + 1) * step));
        setTimeout(() => write(i + 1), 50);
      };
      write(0);
    }
    return Promise.all(promises);
  }
  request(method, path, body, opts = {}) {
    return this.send(encode(method, path, body), [method === 'HEAD'], opts.pieces).then((r) => r[0]);
  }
  destroy() { this.closed = true; this.socket.destroy(); }
}

function encode(method, path, body) {
  const data = body === undefined ? '' : JSON.stringify(body);
  let head = `${method} ${path} HTTP/1.1\r\nHost: berth\r\n`;
  if (data) head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(data)}\r\n`;
  return Buffer.from(`${head}\r\n${data}`);
}

// {status, body (string), close, consumed} or null when `buf` does not hold a whole response yet.
function parseResponse(buf, isHead) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':');
    headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
  }
  const close = /close/i.test(headers.connection || '');
  let at = end + 4;
  if (isHead || status === 204 || status === 304 || (status >= 100 && status < 200))
    return { status, body: '', close, consumed: at };
  if (/chunked/i.test(headers['transfer-encoding'] || '')) {
    const parts = [];
    for (;;) {
      const nl = buf.indexOf('\r\n', at);
      if (nl < 0) return null;
      const size = parseInt(buf.subarray(at, nl).toString('latin1'), 16);
      if (buf.length < nl + 2 + size + 2) return null;
      if (size === 0) {  // no trailers from berth
        return { status, body: Buffer.concat(parts).toString('utf8'), close, consumed: nl + 4 };
      }
      parts.push(buf.subarray(nl + 2, nl + 2 + size));
      at = nl + 2 + size + 2;
    }
  }
  const length = Number(headers['content-length'] || 0);
  if (buf.length < at + length) return null;
  return { status, body: buf.subarray(at, at + length).toString('utf8'), close, consumed: at + length };
}

// --- the clients --------------------------------------------------------------------------------
const deadline = Date.now() + args.duration * 1000;
const running = () => Date.now() < deadline;

function expect(r, status, what) {
  if (r.status !== status) throw new Error(`${what}: ${r.status} (expected ${status}) ${r.body.slice(0, 200)}`);
  return r;
}
const json = (r) => JSON.parse(r.body);

// Runs `step` until the deadline; an error is counted and the client goes on on a new connection.
async function loop(name, connOpts, step) {
  let conn = new Connection(connOpts);
  while (running()) {
    try {
      await step(conn);
    } catch (e) {
      error(`${name}: ${e.message}`);
      conn.destroy();
      conn = new Connection(connOpts);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  conn.destroy();
}

async function hello(conn) {
  await admit();
  expect(await conn.request('GET', '/hello'), 200, 'GET /hello');
  count('hello');
}

async function notesCrud(conn) {
  await admit(5);
  const created = json(expect(await conn.request('POST', '/notes', { title: 'soak-crud', body: 'b', tags: ['t'] }), 201, 'POST /notes'));
  const path = `/notes/${created.id}`;
  expect(await conn.request('GET', path), 200, `GET ${path}`);
  expect(await conn.request('PATCH', path, { body: 'patched' }), 200, `PATCH ${path}`);
  expect(await conn.request('GET', '/notes?limit=5&q=soak-crud'), 200, 'GET /notes?limit=5');
  expect(await conn.request('DELETE', path), 204, `DELETE ${path}`);
  count('notes', 5);
}

async function job(conn) {
  await admit();
  const { id } = json(expect(await conn.request('POST', '/runner/run', { command: 'noop' }), 202, 'POST /runner/run'));
  count('jobs');
  let state = { version: 0 };
  do {
    await admit();
    state = json(expect(await conn.request('GET', `/_berth/jobs/${id}?wait=10&version=${state.version}`), 200, 'job long poll'));
    count('job_polls');
  } while (!['succeeded', 'failed', 'cancelled'].includes(state.state));
  if (state.state !== 'succeeded') throw new Error(`job ${id} ended ${state.state}`);
}

async function pipelined(conn) {
  await admit(PIPELINE_DEPTH);
  const wire = Buffer.concat(Array.from({ length: PIPELINE_DEPTH }, (_, i) =>
    encode('GET', i % 4 === 3 ? '/notes?limit=10' : '/hello')));
  const responses = await conn.send(wire, Array(PIPELINE_DEPTH).fill(false));
  responses.forEach((r, i) => expect(r, 200, `pipelined request ${i}`));
  count('pipelined', PIPELINE_DEPTH);
}

async function slow(conn) {
  await admit();
  const r = expect(await conn.request('GET', `/notes?limit=${BIG_NOTES}&q=soak-big`, undefined, { pieces: 4 }), 200, 'slow GET /notes');
  if (!Array.isArray(json(r).notes) || json(r).notes.length !== BIG_NOTES) throw new Error(`slow GET /notes: not the ${BIG_NOTES} big notes`);
  count('slow');
}

(async () => {
  // Big notes for the slow readers' listing; removed at the end so runs do not add up.
  const setup = new Connection();
  const big = [];
  for (let i = 0; i < BIG_NOTES; ++i)
    big.push(json(expect(await setup.request('POST', '/notes', { title: `soak-big ${i}`, body: BIG_BODY }), 201, 'POST big note')).id);

  const started = Date.now();
  let lastRequests = 0;
  const reporter = setInterval(() => {
    const t = (Date.now() - started) / 1000;
    console.log(JSON.stringify({ t: Number(t.toFixed(1)), requests: stats.requests, rps: Math.round((stats.requests - lastRequests) / args.report), errors: stats.errors }));
    lastRequests = stats.requests;
  }, args.report * 1000);

  const clients = [];
  const spawn = (n, name, fn, opts) => { for (let i = 0; i < n; ++i) clients.push(loop(name, opts, fn)); };
  spawn(args.hello, 'hello', hello);
  spawn(args.notes, 'notes', notesCrud);
  spawn(args.jobs, 'jobs', job);
  spawn(args.pipelined, 'pipelined', pipelined);
  spawn(args.slow, 'slow', slow, { slowRead: true });
  await Promise.all(clients);
  clearInterval(reporter);

  for (const id of big) expect(await setup.request('DELETE', `/notes/${id}`), 204, 'DELETE big note');
  setup.destroy();
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ final: true, seconds: Number(seconds.toFixed(1)), rps: Math.round(stats.requests / seconds), ...stats }));
  process.exit(stats.errors ? 1 : 0);
})().catch((e) => { console.error(`soak client: ${e.stack || e.message}`); process.exit(1); });
