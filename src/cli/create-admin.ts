import fs from 'node:fs';
import { createAttestedAdmin, findUserByEmail, hashPassword, signUp, updateUser } from '../accounts/index.js';
import type { Config } from '../config.js';
import { createServices } from '../create-services.js';
import type { Db } from '../db/index.js';
import { AppError } from '../errors.js';
import { CliError } from './cli-error.js';

export interface CreateAdminOptions {
  email: string;
  passwordFile: string;
  name: string;
  birthDate?: string;
}

export async function createAdmin(config: Config, db: Db, options: CreateAdminOptions): Promise<string> {
  const services = await createServices(config, db);
  let password: string;
  try {
    password = fs.readFileSync(options.passwordFile, 'utf8').split(/\r?\n/)[0];
  } catch {
    throw new CliError(`cannot read the password file ${options.passwordFile}`, 2);
  }
  if (password.length < 10) throw new CliError('the password must be at least 10 characters', 2);
  const existing = await findUserByEmail(db.kysely, options.email);
  if (existing) {
    await updateUser(db.kysely, services.clock, existing.id, {
      role: 'admin',
      password_hash: await hashPassword(password),
    });
    return `${existing.email} is now an admin.`;
  }
  const input = { email: options.email, password, displayName: options.name };
  try {
    // Without --birth-date the operator's running of this command is the 18+ attestation.
    const user = options.birthDate
      ? await signUp(services, { ...input, birthDate: options.birthDate }, 'admin')
      : await createAttestedAdmin(services, input);
    return `Created admin ${user.email}.`;
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message, 2);
    throw error;
  }
}
