import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { v3Card } from '../helpers/card-fixtures.js';
import { describeEachDialect } from '../helpers/databases.js';
import { type DeflatedMember, zipOfDeflated } from '../helpers/lossless-card-fixtures.js';
import { multipartFile } from './helpers.js';

const MiB = 1_048_576;
const cardJson = new TextEncoder().encode(JSON.stringify(v3Card()));

const zeros = new Uint8Array(MiB - 1);
const packedZeros = deflateRawSync(zeros, { level: 9 });

/** The archive: 99 members of just under 1 MiB of zeros (~115 KB packed). */
function zerosBomb(): Uint8Array {
  const members: DeflatedMember[] = [{ name: 'card.json', content: cardJson }];
  for (let i = 0; i < 99; i++) {
    members.push({ name: `assets/other/other/${i}.bin`, content: zeros, deflated: packedZeros });
  }
  return zipOfDeflated(members);
}

/**
 * A hostile archive the ratio check lets through: 4 MiB of incompressible bytes dilute 24 members
 * of zeros (28 MiB inflated, ratio ~7). It must still inflate without holding the event loop.
 */
function dilutedBomb(): Uint8Array {
  const members: DeflatedMember[] = [
    { name: 'card.json', content: cardJson },
    { name: 'assets/other/other/noise.bin', content: new Uint8Array(randomBytes(4 * MiB)) },
  ];
  for (let i = 0; i < 24; i++) {
    members.push({ name: `assets/other/other/${i}.bin`, content: zeros, deflated: packedZeros });
  }
  return zipOfDeflated(members);
}

describeEachDialect('CHARX import keeps the server responsive (issue 13 item 6)', (dialect) => {
  let test: TestApp;
  let owner: TestUser;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-charx-bomb-'));
    test = await createTestApp(dialect, { env: { HEARTH_DATA_DIR: dataDir } });
    owner = await signUpTestUser(test.app);
  });
  afterEach(async () => {
    await test.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts an import and times one /healthz after another until it ends: the slowest is the stall. */
  async function healthzDuringImport(archive: Uint8Array) {
    const body = multipartFile(archive, 'hostile.charx');
    let importDone = false;
    const importing = test.app
      .inject({
        method: 'POST',
        url: '/api/characters/import',
        headers: { ...owner.headers, ...body.headers },
        payload: body.payload,
      })
      .finally(() => {
        importDone = true;
      });
    let slowestMs = 0;
    let answered = 0;
    let statuses = new Set<number>();
    do {
      const started = performance.now();
      const health = await test.app.inject({ method: 'GET', url: '/healthz' });
      slowestMs = Math.max(slowestMs, performance.now() - started);
      statuses = statuses.add(health.statusCode);
      if (!importDone) answered += 1;
      // inject() can finish in microtasks alone; give the import a few turns of its own between probes.
      for (let turn = 0; turn < 20 && !importDone; turn++)
        await new Promise((resolve) => setImmediate(resolve));
    } while (!importDone);
    return { imported: await importing, slowestMs, answered, statuses: [...statuses] };
  }

  it('the 115 KB zeros archive is refused as a zip bomb while /healthz answers', async () => {
    const archive = zerosBomb();
    expect(archive.length).toBeLessThan(200_000);
    const { imported, slowestMs, statuses } = await healthzDuringImport(archive);
    expect(statuses).toEqual([200]);
    expect(slowestMs).toBeLessThan(2000);
    expect(imported.statusCode).toBe(422);
    expect(imported.json().error.code).toBe('invalid_card');
    expect(imported.json().error.message).toMatch(/zip bomb/);
  }, 60_000);

  it('an archive that must be inflated (28 MiB) lets /healthz through while it imports', async () => {
    const { imported, slowestMs, answered, statuses } = await healthzDuringImport(dilutedBomb());
    expect(statuses).toEqual([200]);
    // Answered again and again while the import inflated, never stalled behind it.
    expect(answered).toBeGreaterThan(0);
    expect(slowestMs).toBeLessThan(2000);
    expect([201, 413]).toContain(imported.statusCode);
  }, 60_000);
});
