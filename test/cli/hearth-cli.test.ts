import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/hearth.js');

/** Runs the real `hearth` binary; resolves with the exit code and output instead of throwing. */
async function hearth(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Each case starts real processes (tsx compiles the sources on start): allow for a busy machine.
describe('hearth CLI', { timeout: 120_000 }, () => {
  it('prints help and version, and answers unknown commands and flags with usage and exit 2', async () => {
    const help = await hearth(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('serve');
    expect(help.stdout).toContain('migrate');
    const version = await hearth(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
    const unknown = await hearth(['fly']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'fly'");
    const badFlag = await hearth(['migrate', '--nope']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("unknown option '--nope'");
  });

  it('names every invalid variable and exits 2', async () => {
    const result = await hearth(['migrate'], { HEARTH_PORT: 'abc', HEARTH_LOG_LEVEL: 'loud' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('HEARTH_PORT');
    expect(result.stderr).toContain('HEARTH_LOG_LEVEL');
  });

  it('migrates a data dir and creates an admin that can be promoted again', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-cli-'));
    const env = { HEARTH_DATA_DIR: dataDir, DATABASE_URL: '' };
    const migrate = await hearth(['migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain('0001-accounts');
    expect(fs.existsSync(path.join(dataDir, 'hearth.sqlite'))).toBe(true);
    const passwordFile = path.join(dataDir, 'password');
    fs.writeFileSync(passwordFile, 'a long admin password\n');
    const args = ['user', 'create-admin', '--email', 'root@example.com', '--password-file', passwordFile];
    const underage = await hearth([...args, '--birth-date', '2015-01-01'], env);
    expect(underage.code).toBe(2);
    expect(underage.stderr).toContain('18');
    const created = await hearth([...args, '--birth-date', '1980-01-01'], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created admin root@example.com');
    const again = await hearth(args, env);
    expect(again.stdout).toContain('is now an admin');
    // Issue 21 item 7: --birth-date is optional, as the README shows.
    const withoutBirthDate = await hearth(
      ['user', 'create-admin', '--email', 'ops@example.com', '--password-file', passwordFile],
      env,
    );
    expect(withoutBirthDate.code).toBe(0);
    expect(withoutBirthDate.stdout).toContain('Created admin ops@example.com');
    const sqlite = new Database(path.join(dataDir, 'hearth.sqlite'), { readonly: true });
    const ops = sqlite
      .prepare('select role, birth_date, adult_attested_at from users where email = ?')
      .get('ops@example.com');
    sqlite.close();
    expect(ops).toMatchObject({ role: 'admin', birth_date: '' });
    expect((ops as { adult_attested_at: string }).adult_attested_at).not.toBe('');
    const missingFile = await hearth(
      ['user', 'create-admin', '--email', 'x@example.com', '--password-file', '/nope'],
      env,
    );
    expect(missingFile.code).toBe(2);
  });
});
