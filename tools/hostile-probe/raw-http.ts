import { connect } from 'node:net';

/**
 * One HTTP/1.1 request written to the socket byte for byte: header values a client library refuses
 * to send (control characters, bytes outside ASCII, a header twice, 20 kB of header) are what a
 * hostile caller sends, so the probe writes them itself. `headers` is a list so a name may repeat;
 * values are written as latin1 (one byte per character), the body as UTF-8.
 */
export async function rawRequest(
  url: string,
  method: string,
  headers: [string, string][],
  body?: string,
  timeoutMs = 15_000,
): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const target = new URL(url);
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body, 'utf8');
  const lines = [`${method.toUpperCase()} ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`, 'Connection: close'];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`Content-Length: ${payload.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new Promise((resolve) => {
    const socket = connect(Number(target.port), target.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    // Written, not ended: a half-closed socket is taken by the server as a client gone away before its answer.
    socket.on('connect', () => socket.write(Buffer.concat([head, payload])));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      // The server may close after answering while we still write: keep what it answered.
      const answered = parseResponse(Buffer.concat(chunks));
      resolve(answered ?? { status: 599, headers: {}, text: `transport: ${error.message}` });
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks)) ?? { status: 599, headers: {}, text: 'transport: closed without an answer' });
    });
  });
}

function parseResponse(data: Buffer): { status: number; headers: Record<string, string>; text: string } | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...headerLines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  if (!status) return null;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  let rest = data.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      if (lineEnd < 0) break;
      const size = parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
      if (!size) break;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
    rest = Buffer.concat(parts);
  }
  return { status, headers, text: rest.toString('utf8') };
}
