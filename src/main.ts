import fs from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, loadConfig } from './config.js';
import { openAndMigrate } from './create-services.js';
import { createAdmin } from './cli/create-admin.js';
import { serve } from './serve.js';
import { migrateToLatest } from './db/index.js';
import { openConfiguredDb } from './create-services.js';
import { projectRoot } from './http/project-root.js';
import { CliError } from './cli/cli-error.js';
import { registerBillingCommands } from './billing/cli-commands.js';
import { registerCardCommands } from './characters/cli-commands.js';
import { createSifEmbedder, defaultGloveBinary, runMemoryEvalCommand } from './memory/index.js';
import { createModelRegistry } from './providers/index.js';
import {
  DEFAULT_TRAINING_FILE,
  cascadeFrom,
  classifiersFrom,
  runSafetyEvalCommand,
  runSafetyTrainCommand,
} from './safety/index.js';

/** Exit codes: 0 ok, 1 the command failed, 2 usage or configuration error. */
export function buildCli(): Command {
  const version = JSON.parse(fs.readFileSync(`${projectRoot()}/package.json`, 'utf8')).version as string;
  const program = new Command('hearth')
    .description('Hearth: a self-hostable AI companion platform')
    .version(version)
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('migrate the database and serve the API and web UI')
    .action(async () => serve(loadConfig(process.env)));

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const db = openConfiguredDb(loadConfig(process.env));
      try {
        const { applied } = await migrateToLatest(db.kysely);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } finally {
        await db.close();
      }
    });

  const memory = program.command('memory').description('long-term memory tools');
  memory
    .command('eval')
    .description('evidence recall of memory retrieval on LoCoMo-format files, beside a plain BM25 baseline')
    .argument('<files...>', 'LoCoMo JSON files')
    .option('--k <list>', 'cut-offs for recall@k', '1,5,10,20')
    .option('--budget <tokens>', 'memory block token budget', '1500')
    .addOption(
      new Option('--mode <mode>', 'raw turns or model-extracted facts')
        .choices(['raw', 'extracted'])
        .default('raw'),
    )
    .option('--judge', 'also answer each question from the memory block and grade it with the model')
    .option(
      '--loo',
      'leave-one-conversation-out: settings chosen on the other files, measured on each held-out one',
    )
    .option('--json', 'print one JSON object')
    .action(
      async (
        files: string[],
        options: { k: string; budget: string; mode: string; json?: boolean; judge?: boolean; loo?: boolean },
      ) => {
        const config = loadConfig(process.env);
        const needsModel = options.mode === 'extracted' || options.judge === true;
        const models = needsModel ? createModelRegistry(config.models) : undefined;
        try {
          const configured = await models?.embeddings();
          const output = await runMemoryEvalCommand(files, options, {
            embedder: configured ?? createSifEmbedder({ binaryFile: defaultGloveBinary(config.dataDir) }),
            model: models?.resolve(),
            progress: (line) => process.stderr.write(`${line}\n`),
          }).catch((error: unknown) => {
            throw new CliError(error instanceof Error ? error.message : String(error), 2);
          });
          console.log(output);
        } finally {
          await models?.close();
        }
      },
    );

  const safety = program.command('safety').description('safety tools');
  safety
    .command('eval')
    .description(
      'precision, recall, F1, over-block rate and latency of the moderation cascade on a labelled set',
    )
    .argument('<file>', 'SimpleSafetyTests or XSTest CSV, or OpenAI moderation JSONL')
    .addOption(new Option('--format <format>', 'input format (default: detected)').choices(['csv', 'jsonl']))
    .option('--json', 'print one JSON object')
    .action(async (file: string, options: { json?: boolean; format?: 'csv' | 'jsonl' }) => {
      const config = loadConfig(process.env).safety;
      const output = await runSafetyEvalCommand(
        file,
        options,
        cascadeFrom(config, classifiersFrom(config)),
      ).catch((error: unknown) => {
        throw new CliError(error instanceof Error ? error.message : String(error), 2);
      });
      console.log(output);
    });

  safety
    .command('train')
    .description('rebuild the shipped safety classifier weights (reproducible: same rows, same bytes)')
    .option('--data <file...>', 'labelled JSONL files', [DEFAULT_TRAINING_FILE])
    .option('--out <file>', 'where to write the weights (default: the shipped file)')
    .option('--report', 'also print leave-one-source-out figures')
    .action((options: { data: string[]; out?: string; report?: boolean }) => {
      try {
        console.log(runSafetyTrainCommand(options));
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error), 2);
      }
    });

  const user = program.command('user').description('manage users');
  user
    .command('create-admin')
    .description('create an admin account, or make an existing account an admin')
    .requiredOption('--email <email>', 'the admin email')
    .requiredOption('--password-file <file>', 'file holding the password (first line)')
    .option('--name <name>', 'display name', 'Admin')
    .addOption(
      new Option(
        '--birth-date <YYYY-MM-DD>',
        'birth date (must be 18+); without it, you attest that the admin is an adult and no birth date is stored',
      ),
    )
    .action(async (options: { email: string; passwordFile: string; name: string; birthDate?: string }) => {
      const config = loadConfig(process.env);
      const db = await openAndMigrate(config);
      try {
        console.log(await createAdmin(config, db, options));
      } finally {
        await db.close();
      }
    });

  registerBillingCommands(program);
  registerCardCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildCli();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ||
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version'
        ? 0
        : 2;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof CliError) {
      console.error(`hearth: ${error.message}`);
      return error.exitCode;
    }
    console.error(error instanceof Error ? `hearth: ${error.message}` : error);
    return 1;
  }
}
