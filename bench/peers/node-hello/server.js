// Peer for berth's GET /hello benchmark: node:http only, {"message":"hello"} with keep-alive on a
// Unix socket and on TCP loopback from one process.   node server.js UNIX_PATH PORT
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const [unixPath, port] = process.argv.slice(2);
const body = Buffer.from('{"message":"hello"}');
function handler(req, res) {
  if (req.method === 'GET' && req.url === '/hello') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
  } else {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"message":"not found"}');
  }
}
try { fs.unlinkSync(unixPath); } catch {}
// keepAliveTimeout: Node's default (5 s) is shorter than a benchmark cell's idle gaps; berth's is 60 s.
for (const listen of [[unixPath], [Number(port), '127.0.0.1']]) {
  const server = http.createServer({ keepAliveTimeout: 60000 }, handler);
  server.listen(...listen);
}
