import type { Command } from 'commander';
import { CliError } from '../cli/cli-error.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openAndMigrate } from '../create-services.js';
import { changeCreditsFromCli, ledgerVerifyText } from './cli.js';

/** `hearth ledger verify` and `hearth credits grant|revoke`. */
export function registerBillingCommands(program: Command): void {
  program
    .command('ledger')
    .description('money ledger tools')
    .command('verify')
    .description('recompute every balance from the ledger entries; exits 1 on any mismatch')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const db = await openAndMigrate(loadConfig(process.env));
      try {
        const { ok, text, report } = await ledgerVerifyText(db);
        console.log(options.json ? JSON.stringify(report) : text);
        if (!ok) throw new CliError('the ledger does not verify', 1);
      } finally {
        await db.close();
      }
    });

  const credits = program.command('credits').description('grant or revoke credits (manual payments)');
  for (const action of ['grant', 'revoke'] as const) {
    credits
      .command(action)
      .description(`${action} credits ${action === 'grant' ? 'to' : 'from'} a user's wallet`)
      .requiredOption('--email <email>', 'the user')
      .requiredOption('--amount <credits>', 'whole credits, > 0')
      .requiredOption('--reason <text>', 'why (kept in the ledger)')
      .action(async (options: { email: string; amount: string; reason: string }) => {
        const db = await openAndMigrate(loadConfig(process.env));
        try {
          console.log(
            await changeCreditsFromCli(db, systemClock, { ...options, revoke: action === 'revoke' }),
          );
        } catch (error) {
          if (error instanceof CliError) throw error;
          throw new CliError(error instanceof Error ? error.message : String(error), 2);
        } finally {
          await db.close();
        }
      });
  }
}
