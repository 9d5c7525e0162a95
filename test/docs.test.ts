import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';
import { ERROR_CODES } from '../src/errors.js';

// STYLE §4: a test fails when an error code or a configuration option is missing from the docs.
const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every configuration option', () => {
    const missing = Object.keys(configSchema.shape).filter((option) => !readme.includes(`\`${option}\``));
    expect(missing).toEqual([]);
  });

  it('documents every stable error code', () => {
    const missing = ERROR_CODES.filter((code) => !readme.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it('keeps the two-command quick start', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
