import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signUpTestUser, type TestApp } from '../helpers/app.js';

/** A raw client: sends the head and part of a body, then reports what came back and when it closed. */
const sockets: net.Socket[] = [];

function trickle(port: number, head: string, firstBytes: string) {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString('utf8');
  });
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.on('error', () => {});
  socket.write(head + firstBytes);
  return { socket, closed, received: () => received };
}

// Issue 13 item 13: trickled request bodies were never timed out.
describe('issue 13 item 13: request timeouts', () => {
  let test: TestApp;
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await test?.close();
  });

  it('ends a trickled JSON body with 408 request_timeout while a trickled upload gets its longer limit', async () => {
    test = await createTestApp('sqlite', {
      env: { HEARTH_REQUEST_TIMEOUT_MS: '300', HEARTH_UPLOAD_TIMEOUT_MS: '60000' },
    });
    const user = await signUpTestUser(test.app);
    await test.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = test.app.server.address() as net.AddressInfo;

    const json = trickle(
      port,
      'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n',
      '{"email":"a',
    );
    const boundary = 'hearthboundary';
    const part =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="card.json"\r\n` +
      'Content-Type: application/json\r\n\r\n{"spec":"chara_card_v2"';
    const rest = `}\r\n--${boundary}--\r\n`;
    const upload = trickle(
      port,
      'POST /api/characters/import HTTP/1.1\r\nHost: localhost:80\r\n' +
        `Cookie: ${user.headers.cookie}\r\nOrigin: ${user.headers.origin}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\n` +
        `Content-Length: ${Buffer.byteLength(part + rest)}\r\n\r\n`,
      part,
    );

    const answer = await json.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'request_timeout', message: 'The request took too long to arrive.' },
    });
    // The upload, started at the same moment, is still waiting for its body: nothing answered yet.
    expect(upload.socket.destroyed).toBe(false);
    expect(upload.received()).toBe('');
    upload.socket.end(rest);
    const uploaded = await upload.closed;
    expect(uploaded).toMatch(/^HTTP\/1\.1 (201|4\d\d) /);
    expect(uploaded).not.toMatch(/^HTTP\/1\.1 408 /);
  });

  it('does not cut a request whose body arrived, and sets the slow-header and idle limits', async () => {
    test = await createTestApp('sqlite', {
      env: {
        HEARTH_REQUEST_TIMEOUT_MS: '300',
        HEARTH_HEADERS_TIMEOUT_MS: '5000',
        HEARTH_IDLE_TIMEOUT_MS: '45000',
      },
    });
    await test.app.listen({ port: 0, host: '127.0.0.1' });
    expect(test.app.server.headersTimeout).toBe(5000);
    expect(test.app.server.timeout).toBe(45000);
    expect(test.app.server.requestTimeout).toBeGreaterThanOrEqual(300_000);
    const { port } = test.app.server.address() as net.AddressInfo;
    const body = '{"email":"nobody@example.com","password":"wrong password!"}';
    const whole = trickle(
      port,
      `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
    );
    expect(await whole.closed).toMatch(/^HTTP\/1\.1 401 /);
  });
});
