import fs from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// Issue 21 item 8: `npm install` warned that cookie@2.0.2 needs Node ≥ 22 while the README promised Node 20.
// The supported range lives in package.json `engines`; every locked package must accept the lowest release of
// each major line in it, and the README must state the same range.
const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(fs.readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(fs.readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
};
const readme = fs.readFileSync(new URL('README.md', root), 'utf8');

/** The oldest release of each major line the range admits (`^20.19.0 || >=22.12.0` → 20.19.0, 22.12.0). */
function lowestSupported(range: string): string[] {
  return range.split('||').map((part) => {
    const lowest = semver.minVersion(part.trim());
    if (!lowest) throw new Error(`engines range part without a minimum: ${part}`);
    return lowest.version;
  });
}

describe('issue 21 item 8: supported Node versions', () => {
  const supported = lowestSupported(manifest.engines.node);

  it('claims Node 20 as the README promises', () => {
    expect(supported.some((version) => semver.major(version) === 20)).toBe(true);
  });

  it('runs the tests on a Node version the engines field admits', () => {
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true);
  });

  it('locks no package whose engines exclude a supported Node version', () => {
    const conflicts: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const engines = entry.engines;
      const node = engines && !Array.isArray(engines) ? engines.node : undefined;
      if (!path || !node) continue;
      for (const version of supported) {
        if (!semver.satisfies(version, node))
          conflicts.push(`${path}@${entry.version} needs node ${node}, not ${version}`);
      }
    }
    expect(conflicts).toEqual([]);
  });

  it('keeps cookie on a release that supports Node 20', () => {
    const cookies = Object.entries(lock.packages).filter(([path]) => path.endsWith('node_modules/cookie'));
    expect(cookies.length).toBeGreaterThan(0);
    for (const [, entry] of cookies) expect(semver.major(entry.version ?? '0.0.0')).toBeLessThan(2);
  });

  it('states the same range in the README', () => {
    expect(readme.includes(`Node.js \`${manifest.engines.node}\``)).toBe(true);
  });
});
