import { hashPassword } from '../src/accounts/index.js';
import { type Bench, percentile, sampleMs } from './types.js';
import { createHash } from 'node:crypto';

/** Login cost: argon2id hashing against a plain SHA-256 of the same input as the floor. */
const bench: Bench = {
  name: 'accounts: password hashing',
  async run() {
    const argon = await sampleMs(() => hashPassword('correct horse battery staple'), 20, 2);
    const sha = await sampleMs(
      () => createHash('sha256').update('correct horse battery staple').digest(),
      2000,
    );
    return [
      {
        name: 'argon2id hash p50',
        value: percentile(argon, 50),
        unit: 'ms',
        baseline: { name: 'sha256 p50', value: percentile(sha, 50) },
      },
    ];
  },
};
export default bench;
