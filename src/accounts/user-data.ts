import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index.js';

/**
 * How a layer takes part in "export my data" and "delete my account". Each layer that stores
 * something about a user registers one contributor, so the accounts layer never learns other tables.
 */
export interface UserDataContributor {
  /** Key under which this layer's data appears in the export. */
  readonly name: string;
  export(db: Kysely<Database>, userId: string): Promise<unknown>;
  /** Runs inside the deletion transaction; removes or anonymises what the layer holds. */
  erase(trx: Transaction<Database>, userId: string): Promise<void>;
}

export class UserDataRegistry {
  readonly #contributors: UserDataContributor[] = [];

  register(contributor: UserDataContributor): void {
    if (this.#contributors.some((existing) => existing.name === contributor.name)) {
      throw new Error(`user data contributor "${contributor.name}" registered twice`);
    }
    this.#contributors.push(contributor);
  }

  get contributors(): readonly UserDataContributor[] {
    return this.#contributors;
  }
}
