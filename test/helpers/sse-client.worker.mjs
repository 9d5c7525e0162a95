// An SSE chat client on its own thread, for the chat bench and tests. A client that shares the
// server's event loop only sees a token once the server's whole turn has run, which no real client
// suffers. Reports, per request, when the first text delta and the end arrived (ms after sending).
import { parentPort, workerData } from 'node:worker_threads';

async function streamTurn(url, headers, body, keepText) {
  const start = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let firstToken = Number.NaN;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (Number.isNaN(firstToken) && text.includes('"type":"text-delta"'))
      firstToken = performance.now() - start;
  }
  if (text.includes('"type":"error"')) throw new Error(`turn failed: ${text.slice(-200)}`);
  return { firstToken, end: performance.now() - start, text: keepText ? text : undefined };
}

const { urls, headers, body, mode, warmup = 0, count = 1, keepText = false } = workerData;
const run = (url) => streamTurn(url, headers, body, keepText);
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
