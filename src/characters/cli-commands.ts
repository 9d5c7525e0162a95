import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openAndMigrate } from '../create-services.js';
import { AppError } from '../errors.js';
import { CliError } from '../cli/cli-error.js';
import { exportCharacterCard, importCharacterCard } from './card-transfer.js';
import { findCharacter } from './character-store.js';
import { ensureSystemAccount } from './starters.js';

/** `hearth card import|export`: operator tools; input problems exit 2 with the reason. */
export function registerCardCommands(program: Command): void {
  const card = program
    .command('card')
    .description('import and export Character Cards (V1/V2/V3 JSON, PNG, CHARX)');

  card
    .command('import')
    .description('import a card file as a private draft; prints the new character id')
    .argument('<file>', 'a .png, .json or .charx card')
    .option('--user <email>', 'owner of the new character (default: the Hearth system account)')
    .action(async (file: string, options: { user?: string }) => {
      const bytes = await fs.readFile(file).catch(() => {
        throw new CliError(`cannot read ${file}`, 2);
      });
      const config = loadConfig(process.env);
      const db = await openAndMigrate(config);
      try {
        const kysely = db.kysely;
        let ownerId: string;
        if (options.user) {
          const user = await kysely
            .selectFrom('users')
            .select('id')
            .where('email', '=', options.user.toLowerCase())
            .executeTakeFirst();
          if (!user) throw new CliError(`no user with email ${options.user}`, 2);
          ownerId = user.id;
        } else {
          ownerId = await ensureSystemAccount(kysely, systemClock);
        }
        const row = await importCharacterCard(kysely, ownerId, bytes, {
          filename: file,
          dataDir: config.dataDir,
          maxBytes: config.uploadLimit,
          maxExtensionBytes: config.cardExtensionsLimit,
          clock: systemClock,
        }).catch((error: unknown) => {
          if (error instanceof AppError) throw new CliError(`${file}: ${error.message}`, 2);
          throw error;
        });
        console.log(row.id);
      } finally {
        await db.close();
      }
    });

  card
    .command('export')
    .description('write a character as a card file (full design doc, including hidden rules)')
    .argument('<id>', 'character id or slug')
    .addOption(
      new Option('--format <format>', 'card format').choices(['png', 'json', 'charx']).default('png'),
    )
    .requiredOption('--out <file>', 'where to write the card')
    .action(async (id: string, options: { format: 'png' | 'json' | 'charx'; out: string }) => {
      const config = loadConfig(process.env);
      const db = await openAndMigrate(config);
      try {
        const row = await findCharacter(db.kysely, id);
        if (!row) throw new CliError(`no character with id or slug ${id}`, 2);
        const exported = await exportCharacterCard(
          db.kysely,
          row,
          { includeHidden: true },
          options.format,
          config.dataDir,
          systemClock,
        );
        await fs.writeFile(options.out, exported.bytes).catch(() => {
          throw new CliError(`cannot write ${options.out}`, 2);
        });
        console.log(`${options.out} (${exported.bytes.length} bytes, ${exported.mime})`);
      } finally {
        await db.close();
      }
    });
}
