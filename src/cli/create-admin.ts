import fs from 'node:fs';
import { findUserByEmail, hashPassword, signUp, updateUser } from '../accounts/index.js';
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
  if (!options.birthDate) throw new CliError('a new account needs --birth-date YYYY-MM-DD (18 or older)', 2);
  try {
    const user = await signUp(
      services,
      { email: options.email, password, displayName: options.name, birthDate: options.birthDate },
      'admin',
    );
    return `Created admin ${user.email}.`;
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message, 2);
    throw error;
  }
}
