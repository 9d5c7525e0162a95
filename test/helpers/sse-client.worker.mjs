// An SSE chat client on its own thread, for the chat bench and tests. A client that shares the
// server's event loop only sees a token once the server's whole turn has run, which no real client
// suffers. Reports, per request, when the first text delta and the end arrived (ms after sending).
// It speaks node:http over kept-alive sockets, as load tools do: `fetch` (undici) adds ~0.6 ms of
// client work per request here, which would be counted as server latency.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

function streamTurn(url, headers, body, keepText) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const payload = JSON.stringify(body);
    const request = http.request(url, {
      method: 'POST',
      agent,
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`turn answered ${response.statusCode}`));
        return;
      }
      response.setEncoding('utf8');
      let text = '';
      let firstToken = Number.NaN;
      response.on('data', (chunk) => {
        text += chunk;
        if (Number.isNaN(firstToken) && text.includes('"type":"text-delta"'))
          firstToken = performance.now() - start;
      });
      response.on('error', reject);
      response.on('end', () => {
        if (text.includes('"type":"error"')) reject(new Error(`turn failed: ${text.slice(-200)}`));
        else resolve({ firstToken, end: performance.now() - start, text: keepText ? text : undefined });
      });
    });
    request.end(payload);
  });
}

const { urls, headers, body, bodies, mode, warmup = 0, count = 1, keepText = false } = workerData;
let sent = 0;
const run = (url) => {
  const next = bodies ? bodies[sent % bodies.length] : body;
  sent += 1;
  return streamTurn(url, headers, next, keepText);
};
if (mode === 'sequential') {
  for (let index = 0; index < warmup; index += 1) await run(urls[0]);
  const results = [];
  for (let index = 0; index < count; index += 1) results.push(await run(urls[0]));
  parentPort.postMessage({ results, errors: 0 });
} else {
  let errors = 0;
  const results = await Promise.all(
    urls.map((url) =>
      run(url).catch(() => {
        errors += 1;
        return { firstToken: Number.NaN, end: Number.NaN };
      }),
    ),
  );
  parentPort.postMessage({ results, errors });
}
agent.destroy();
