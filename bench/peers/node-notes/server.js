// Peer for berth's durable POST /notes benchmark: node:http + better-sqlite3 12, the same table and
// INSERT as plugins/notes (migrations.cc, note_store.cc), WAL and synchronous=FULL, so every 201 is
// on disk. better-sqlite3 is synchronous: one transaction and one fsync per request, no batching.
//   node server.js UNIX_PATH PORT DB_PATH
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const Database = require('better-sqlite3');
const [unixPath, port, dbPath] = process.argv.slice(2);

const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS notes(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  revision INTEGER NOT NULL DEFAULT 1,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]')`);
const insert = db.prepare(
  'INSERT INTO notes(title, body, tags, revision, created, updated) VALUES (?, ?, ?, 1, ?, ?)');

function send(res, status, value) {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}

function handler(req, res) {
  if (req.method !== 'POST' || req.url !== '/notes') return send(res, 404, { message: 'not found' });
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let input;
    try { input = JSON.parse(Buffer.concat(chunks)); } catch (e) { return send(res, 400, { message: e.message }); }
    const title = typeof input.title === 'string' ? input.title.trim() : '';
    if (!title) return send(res, 400, { message: 'title is required', field: 'title' });
    const now = new Date().toISOString();
    const id = insert.run(title, '', '[]', now, now).lastInsertRowid;
    res.setHeader('Location', `/notes/${id}`);
    res.setHeader('ETag', `"${id}-1"`);
    send(res, 201, { id: Number(id), title, body: '', tags: [], created: now, updated: now });
  });
}

try { fs.unlinkSync(unixPath); } catch {}
for (const listen of [[unixPath], [Number(port), '127.0.0.1']]) {
  const server = http.createServer({ keepAliveTimeout: 60000 }, handler);
  server.listen(...listen);
}
