// The chat bench's HTTP client, on its own thread: a client sharing the server's event loop only sees
// a token once the server's whole turn (persisting, settling) has run, which no real client suffers.
import { parentPort, workerData } from 'node:worker_threads';

async function firstToken(url, headers, body) {
  const start = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let firstTokenMs = Number.NaN;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    if (Number.isNaN(firstTokenMs) && buffered.includes('"type":"text-delta"'))
      firstTokenMs = performance.now() - start;
  }
  if (buffered.includes('"type":"error"')) throw new Error(`turn failed: ${buffered.slice(-200)}`);
  return firstTokenMs;
}

const { urls, headers, body, mode, warmup = 0, count = 1 } = workerData;
if (mode === 'sequential') {
  for (let index = 0; index < warmup; index += 1) await firstToken(urls[0], headers, body);
  const samples = [];
  for (let index = 0; index < count; index += 1) samples.push(await firstToken(urls[0], headers, body));
  parentPort.postMessage({ samples, errors: 0 });
} else {
  let errors = 0;
  const samples = await Promise.all(
    urls.map((url) =>
      firstToken(url, headers, body).catch(() => {
        errors += 1;
        return Number.NaN;
      }),
    ),
  );
  parentPort.postMessage({ samples, errors });
}
