import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { postWebhook } from './webhook-post';

/** A receiver that answers each request as `answer` says: a status, or 'drop' to close the socket unanswered. */
async function receiver(answer: (n: number) => number | 'drop'): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      requests.push(raw);
      const a = answer(requests.length);
      if (a === 'drop') req.socket.destroy();
      else res.writeHead(a).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests, server };
}

describe(postWebhook.name, () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  it('sends once more when the connection is closed under the request, and the receiver gets the same body', async () => {
    const r = await receiver((n) => (n === 1 ? 'drop' : 200));
    servers.push(r.server);
    const sut = await postWebhook(r.url, { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' }, '{"a":1}');
    expect(sut.status).toBe(200);
    expect(r.requests).toEqual(['{"a":1}', '{"a":1}']);
  });

  it('does not send again when the receiver answered, even with an error status', async () => {
    const r = await receiver(() => 503);
    servers.push(r.server);
    const sut = await postWebhook(r.url, { 'Idempotency-Key': 'k-2' }, 'x');
    expect(sut.status).toBe(503);
    expect(r.requests).toEqual(['x']);
  });

  it('gives up after the second closed connection, with the error', async () => {
    const r = await receiver(() => 'drop');
    servers.push(r.server);
    await expect(postWebhook(r.url, { 'Idempotency-Key': 'k-3' }, 'y')).rejects.toThrow('fetch failed');
    expect(r.requests).toEqual(['y', 'y']);
  });
});
