import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/main.js';

const card = {
  spec: 'chara_card_v2',
  spec_version: '2.0',
  data: {
    name: 'Cli Captain',
    description: 'A ferry captain.',
    first_mes: 'All aboard, {{user}}.',
    tags: ['sea'],
    extensions: {},
  },
};

describe('hearth card import/export', () => {
  let dir: string;
  let saved: NodeJS.ProcessEnv;
  let logs: string[];
  let errors: string[];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-card-cli-'));
    saved = { ...process.env };
    process.env.HEARTH_DATA_DIR = dir;
    process.env.HEARTH_SECRET = 'cli-test-secret-cli-test-secret-1234';
    delete process.env.DATABASE_URL;
    logs = [];
    errors = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logs.push(String(line)));
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(String(line)));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a card, prints its id, and exports it in each format', async () => {
    const file = path.join(dir, 'captain.json');
    fs.writeFileSync(file, JSON.stringify(card));
    expect(await runCli(['node', 'hearth', 'card', 'import', file])).toBe(0);
    const id = logs.at(-1) ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    for (const format of ['json', 'png', 'charx']) {
      const out = path.join(dir, `out.${format}`);
      expect(await runCli(['node', 'hearth', 'card', 'export', id, '--format', format, '--out', out])).toBe(
        0,
      );
      expect(fs.statSync(out).size).toBeGreaterThan(100);
    }
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')).data.name).toBe('Cli Captain');
  });

  it('exits 2 with a message on a bad file, unknown user or unknown id', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"spec":');
    expect(await runCli(['node', 'hearth', 'card', 'import', bad])).toBe(2);
    expect(errors.join('\n')).toContain('bad.json');
    expect(await runCli(['node', 'hearth', 'card', 'import', path.join(dir, 'missing.png')])).toBe(2);
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify(card));
    expect(await runCli(['node', 'hearth', 'card', 'import', good, '--user', 'nobody@example.com'])).toBe(2);
    expect(
      await runCli(['node', 'hearth', 'card', 'export', 'no-such-id', '--out', path.join(dir, 'x.png')]),
    ).toBe(2);
    expect(await runCli(['node', 'hearth', 'card', 'export', 'x', '--format', 'gif', '--out', 'x'])).toBe(2);
  });
});
