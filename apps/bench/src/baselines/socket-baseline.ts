// The real-time baseline: bare socket.io on node:http, no authentication, no checks.
//   socket event 'join' (room, ack)   joins a room
//   POST /post {threadId, authorId, body}   one raw INSERT (seq taken in the same statement), then
//                                           io.to(room).emit of a payload shaped like ours
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { Server } from 'socket.io';

const port = Number(process.env['PORT']);
const url = process.env['DATABASE_URL'];
const pool = url ? new pg.Pool({ connectionString: url, max: 10, application_name: 'bench-socket-baseline' }) : null;

const httpServer = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200).end('{"status":"ok"}');
    return;
  }
  if (req.url !== '/post' || req.method !== 'POST' || !pool) {
    res.writeHead(404).end();
    return;
  }
  let text = '';
  req.on('data', (chunk: Buffer) => (text += chunk.toString()));
  req.on('end', () => {
    void (async () => {
      const input = JSON.parse(text) as { threadId: string; authorId: string; body: string };
      const { rows } = await pool.query(
        `WITH s AS (UPDATE threads SET last_seq = last_seq + 1, last_activity_at = clock_timestamp() WHERE id = $1 RETURNING last_seq)
         INSERT INTO messages (id, thread_id, seq, author_id, client_id, client_digest, body)
         SELECT $2, $1, s.last_seq, $3, $4, '\\x00'::bytea, $5 FROM s RETURNING seq, created_at`,
        [input.threadId, randomUUID(), input.authorId, randomUUID(), input.body],
      );
      const row = rows[0] as { seq: number; created_at: Date };
      const message = {
        threadId: input.threadId, id: randomUUID(), seq: row.seq, version: 1, body: input.body, bodyHtml: `<p>${input.body}</p>\n`,
        author: { id: input.authorId, displayName: 'Bench User' }, replyToId: null, importance: 'NORMAL', acknowledgementRequested: false,
        acknowledgementCount: 0, acknowledgedByMe: false, mentionedUserIds: [], mentionsThread: false, reactions: [],
        createdAt: row.created_at.toISOString(), editedAt: null, deletedAt: null,
      };
      io.to(`thread:${input.threadId}`).emit('message.created', message);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { postMessage: { seq: row.seq } } }));
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
});

const io = new Server(httpServer, { path: '/socket.io', serveClient: false, perMessageDeflate: false, httpCompression: false, cookie: false });
io.on('connection', (socket) => {
  socket.on('join', (room: string, ack?: (reply: unknown) => void) => {
    void socket.join(room);
    ack?.({ ok: true });
  });
});
httpServer.listen(port, '127.0.0.1', () => process.stdout.write(`socket baseline ready on ${port}\n`));
process.on('SIGTERM', () => {
  void io.close();
  void (pool?.end() ?? Promise.resolve()).then(() => process.exit(0));
});
