import type { Server } from 'node:http';
import { maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import { FieldProblem, Problem, problem } from '@app/contracts';

/**
 * What Node's HTTP parser refuses before any of our code runs (a header block over its limit, a
 * header value holding a control character, a request line that is not HTTP) Node answers itself:
 * a bare status, no body, so a caller cannot tell what was wrong. `clientError` hands it to us;
 * the answer is the envelope every other refusal has (code, field, the English sentence).
 */
export function refusalOfParserError(error: Error & { code?: string }): { status: number; error: string; problem: FieldProblem } {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, error: 'Request Header Fields Too Large', problem: problem(Problem.HeadersTooLarge, '', `request headers are larger than the ${maxHeaderSize} bytes the server takes in all`, { max: maxHeaderSize }) };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, error: 'Request Timeout', problem: problem(Problem.Refused, '', 'the request was not received in time', { status: 408 }) };
  }
  // llhttp's own words ("Invalid header value char"), without the "Parse Error: " it starts with.
  const reason = (error.message || 'malformed request').replace(/^Parse Error:\s*/, '');
  return { status: 400, error: 'Bad Request', problem: problem(Problem.NotHttp, '', `request is not well-formed HTTP: ${reason}`, { reason }) };
}

/** How a family of paths answers a parser refusal in a form of its own (GA/T 1400's ResponseStatusObject under /VIID), or null for the error envelope. */
export type ParserRefusalForm = (path: string, status: number, problem: FieldProblem) => { contentType: string; body: string } | null;

/** The path of the request line at the start of the bytes the parser refused, when it is there. */
export function requestPathOf(rawPacket: unknown): string {
  if (!Buffer.isBuffer(rawPacket)) return '';
  const line = rawPacket.subarray(0, Math.min(rawPacket.length, 8192)).toString('latin1').split('\r\n', 1)[0];
  return /^[A-Z]+ (\/\S*) HTTP\/1\.[01]$/.exec(line)?.[1] ?? '';
}

/** How long the socket of an answered parser refusal stays for the client to read the answer and close. */
const REFUSAL_LINGER_MS = 5_000;

/** Answers the parser's refusals on `server` with the error envelope, or `form`'s where it has one (and closes the connection, as Node does). */
export function answerParserRefusals(server: Server, form?: ParserRefusalForm): void {
  server.on('clientError', (error: Error & { code?: string; rawPacket?: unknown }, socket: Duplex & { _httpMessage?: { headersSent?: boolean } }) => {
    // A client that went away, or an answer already begun: nothing can be said any more.
    if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const refusal = refusalOfParserError(error);
    const p = refusal.problem;
    const own = form?.(requestPathOf(error.rawPacket), refusal.status, p);
    const body = own?.body ?? JSON.stringify({ statusCode: refusal.status, error: refusal.error, message: [p.message], code: p.code, field: p.field, params: p.params, errors: [p] });
    const type = own?.contentType ?? 'application/json; charset=utf-8';
    socket.end(`HTTP/1.1 ${refusal.status} ${refusal.error}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    // end() alone leaves the socket half-open until the client closes its side (the server allows
    // half-open sockets): one that sent half its headers and never reads nor closes held it past
    // the headers timeout indefinitely. Closed regardless a little later; not at once, which could
    // reset the connection before a client still sending has read the answer.
    setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
  });
}
