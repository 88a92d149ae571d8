// S0, the floor: 64-byte ping-pong over loopback TCP and over a Unix socket. `server <port|path>`
// echoes; the client (a worker) sends one 64-byte frame at a time and waits for it back.
import net from 'node:net';
import { newHistogram, summarise } from '../stats.js';
import { workerMain } from '../procs.js';

const FRAME = 64;

if (process.argv[2] === 'server') {
  const where = process.argv[3]!;
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk));
  });
  const ready = () => process.stdout.write('echo ready\n');
  if (/^\d+$/.test(where)) server.listen(Number(where), '127.0.0.1', ready);
  else server.listen(where, ready);
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  void workerMain(async (config: { port?: number; path?: string; seconds: number }) => {
    const socket = config.path ? net.connect(config.path) : net.connect(config.port!, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const histogram = newHistogram();
    const payload = Buffer.alloc(FRAME, 7);
    const deadline = performance.now() + config.seconds * 1000;
    let trips = 0;
    while (performance.now() < deadline) {
      const started = process.hrtime.bigint();
      await new Promise<void>((resolve) => {
        let got = 0;
        const onData = (chunk: Buffer) => {
          got += chunk.length;
          if (got >= FRAME) {
            socket.off('data', onData);
            resolve();
          }
        };
        socket.on('data', onData);
        socket.write(payload);
      });
      histogram.recordValue(Math.max(1, Number((process.hrtime.bigint() - started) / 1000n)));
      trips++;
    }
    socket.destroy();
    return { roundTrips: trips, perSecond: Math.round(trips / config.seconds), latency: summarise(histogram) };
  });
}
