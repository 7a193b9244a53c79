import { createServer, Server } from 'node:http';
import { AddressInfo, connect, Socket } from 'node:net';
import { answerParserRefusals } from './parser-refusals';
import { applyServerTimeouts, DEFAULT_SERVER_TIMEOUTS } from './server-timeouts';

describe(applyServerTimeouts.name, () => {
  it('sets the timeouts, the headers one never above the request one, and looks for expired requests often enough', () => {
    const server = createServer();
    applyServerTimeouts(server);
    expect(server).toMatchObject({ headersTimeout: 20_000, requestTimeout: 120_000, keepAliveTimeout: 65_000, connectionsCheckingInterval: 5_000 });
    expect(DEFAULT_SERVER_TIMEOUTS.keepAliveTimeoutMs).toBeGreaterThan(60_000);
    applyServerTimeouts(server, { headersTimeoutMs: 9_000, requestTimeoutMs: 2_000, keepAliveTimeoutMs: 1_000 });
    expect(server).toMatchObject({ headersTimeout: 2_000, requestTimeout: 2_000, keepAliveTimeout: 1_000, connectionsCheckingInterval: 500 });
  });

  describe('on a listening server that answers parser refusals as the apps do', () => {
    let server: Server;
    let port: number;
    /** The server's side of each connection, closed or not. */
    const serverSockets: Socket[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/stream') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(': open\n\n');
        } else res.end('ok');
      });
      applyServerTimeouts(server, { headersTimeoutMs: 300, requestTimeoutMs: 900, keepAliveTimeoutMs: 65_000 });
      answerParserRefusals(server);
      server.on('connection', (socket: Socket) => serverSockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    /** A client socket whose server side is known, and a promise of that side's close. */
    async function open(first: string, read = true): Promise<{ client: Socket; received: () => string; serverClosed: Promise<void> }> {
      const known = serverSockets.length;
      const client = connect(port, '127.0.0.1');
      client.on('error', () => undefined);
      let text = '';
      if (read) client.on('data', (chunk) => (text += chunk.toString()));
      await new Promise((resolve) => client.once('connect', resolve));
      if (first) client.write(first);
      while (serverSockets.length === known) await new Promise((resolve) => setImmediate(resolve));
      const side = serverSockets[known];
      return { client, received: () => text, serverClosed: new Promise<void>((resolve) => (side.destroyed ? resolve() : side.once('close', () => resolve()))) };
    }

    it('closes a connection whose headers never end with 408, and one that sends nothing', async () => {
      const partial = await open('POST / HTTP/1.1\r\nHost: x\r\n');
      const silent = await open('');
      await Promise.all([partial.serverClosed, silent.serverClosed]);
      expect(partial.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(partial.received()).toContain('"code":"request.refused"');
    }, 30_000);

    it('closes its side even for a client that never reads its answer nor closes (a half-open socket was kept for ever)', async () => {
      const mute = await open('POST / HTTP/1.1\r\nHost: x\r\n', false);
      mute.client.pause();
      await mute.serverClosed;
      mute.client.destroy();
    }, 30_000);

    it('closes a connection whose body comes a byte at a time after the request timeout; an event stream is not cut by it, nor an idle kept-alive connection by the headers timeout', async () => {
      const stream = await open('GET /stream HTTP/1.1\r\nHost: x\r\n\r\n');
      const idle = await open('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      let streamClosed = false;
      let idleClosed = false;
      void stream.serverClosed.then(() => (streamClosed = true));
      void idle.serverClosed.then(() => (idleClosed = true));
      const trickle = await open('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{');
      const drip = setInterval(() => trickle.client.writable && trickle.client.write(' '), 100);
      try {
        await trickle.serverClosed;
      } finally {
        clearInterval(drip);
      }
      // The trickle was answered 200 by the handler at once (it reads no body), then cut: 408.
      expect(trickle.received()).toContain('408 Request Timeout');
      expect(stream.received()).toContain(': open');
      expect(streamClosed).toBe(false);
      expect(idleClosed).toBe(false);
      stream.client.destroy();
      idle.client.destroy();
    }, 30_000);
  });
});
