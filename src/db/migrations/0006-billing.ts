import { type Kysely, sql } from 'kysely';
import { isSqlite } from './dialect-of.js';

const IMMUTABLE_TABLES = ['ledger_entries', 'ledger_transactions'];

// The billing layer's tables: a double-entry ledger plus the state around it (holds, keys, payments,
// creator sales). Ledger rows are immutable, enforced by triggers on both dialects.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_accounts')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.references('users.id'))
    .addColumn('balance', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('allow_negative', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addCheckConstraint('ledger_accounts_no_overdraft', sql`allow_negative = 1 OR balance >= 0`)
    .execute();
  await db.schema.createIndex('ledger_accounts_user_idx').on('ledger_accounts').column('user_id').execute();

  await db.schema
    .createTable('ledger_transactions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.references('users.id'))
    .addColumn('actor_user_id', 'text', (column) => column.references('users.id'))
    .addColumn('reference', 'text', (column) => column.unique())
    .addColumn('memo', 'text', (column) => column.notNull())
    .addColumn('metadata', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_transactions_user_idx')
    .on('ledger_transactions')
    .columns(['user_id', 'id'])
    .execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('transaction_id', 'text', (column) => column.notNull().references('ledger_transactions.id'))
    .addColumn('account_id', 'text', (column) => column.notNull().references('ledger_accounts.id'))
    .addColumn('amount', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_entries_tx_idx')
    .on('ledger_entries')
    .column('transaction_id')
    .execute();
  await db.schema
    .createIndex('ledger_entries_account_idx')
    .on('ledger_entries')
    .column('account_id')
    .execute();

  if (isSqlite(db)) {
    for (const table of IMMUTABLE_TABLES) {
      for (const operation of ['UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER ${table}_no_${operation.toLowerCase()} BEFORE ${operation} ON ${table}
             BEGIN SELECT RAISE(ABORT, 'ledger is append-only: ${table} rows cannot be changed'); END`,
          )
          .execute(db);
      }
    }
  } else {
    await sql`CREATE FUNCTION hearth_ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'ledger is append-only: % rows cannot be changed', TG_TABLE_NAME; END $$`.execute(
      db,
    );
    for (const table of IMMUTABLE_TABLES) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON ${table}
           FOR EACH ROW EXECUTE FUNCTION hearth_ledger_immutable()`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION hearth_ledger_immutable()`,
        )
        .execute(db);
    }
  }

  await db.schema
    .createTable('credit_holds')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
    .addColumn('amount', 'integer', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('request_id', 'text', (column) => column.notNull())
    .addColumn('chat_id', 'text')
    .addColumn('charged', 'integer')
    .addColumn('release_reason', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text', (column) => column.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('credit_holds_open_idx')
    .on('credit_holds')
    .columns(['status', 'expires_at'])
    .execute();
  await db.schema.createIndex('credit_holds_user_idx').on('credit_holds').column('user_id').execute();

  await db.schema
    .createTable('allowance_usage')
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
    .addColumn('day', 'text', (column) => column.notNull())
    .addColumn('used', 'integer', (column) => column.notNull())
    .addPrimaryKeyConstraint('allowance_usage_pk', ['user_id', 'day'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('actor_user_id', 'text', (column) => column.notNull())
    .addColumn('key', 'text', (column) => column.notNull())
    .addColumn('request_hash', 'text', (column) => column.notNull())
    .addColumn('response_status', 'integer', (column) => column.notNull())
    .addColumn('response_body', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['actor_user_id', 'key'])
    .execute();
  await db.schema
    .createIndex('idempotency_keys_expiry_idx')
    .on('idempotency_keys')
    .column('expires_at')
    .execute();

  await db.schema
    .createTable('billing_settings')
    .addColumn('key', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('billing_subscriptions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('character_id', 'text')
    .addColumn('creator_user_id', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('provider_ref', 'text', (column) => column.unique())
    .addColumn('current_period_end', 'text', (column) => column.notNull())
    .addColumn('cancel_at_period_end', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('last_event_at', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('billing_subscriptions_user_idx')
    .on('billing_subscriptions')
    .columns(['user_id', 'kind'])
    .execute();

  await db.schema
    .createTable('payment_events')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('received_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('payment_checkouts')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('provider_session_id', 'text', (column) => column.notNull().unique())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('pack_id', 'text')
    .addColumn('credits', 'integer', (column) => column.notNull())
    .addColumn('amount_minor', 'integer', (column) => column.notNull())
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('payment_ref', 'text')
    .addColumn('refunded_minor', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('payment_checkouts_payment_idx')
    .on('payment_checkouts')
    .column('payment_ref')
    .execute();

  await db.schema
    .createTable('creator_offers')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('creator_user_id', 'text', (column) => column.notNull().references('users.id'))
    .addColumn('character_id', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('media_id', 'text')
    .addColumn('credits', 'integer', (column) => column.notNull())
    .addColumn('active', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('creator_offers_item_idx')
    .on('creator_offers')
    .columns(['character_id', 'kind', 'media_id'])
    .execute();

  await db.schema
    .createTable('creator_sales')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('buyer_user_id', 'text', (column) => column.notNull().references('users.id'))
    .addColumn('creator_user_id', 'text', (column) => column.notNull().references('users.id'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('character_id', 'text', (column) => column.notNull())
    .addColumn('item_id', 'text', (column) => column.notNull())
    .addColumn('credits', 'integer', (column) => column.notNull())
    .addColumn('creator_credits', 'integer', (column) => column.notNull())
    .addColumn('refunded_credits', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('transaction_id', 'text', (column) => column.notNull().references('ledger_transactions.id'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('creator_sales_creator_idx')
    .on('creator_sales')
    .columns(['creator_user_id', 'id'])
    .execute();
  await db.schema
    .createIndex('creator_sales_buyer_idx')
    .on('creator_sales')
    .columns(['buyer_user_id', 'kind', 'item_id'])
    .execute();

  await db.schema
    .createTable('creator_payouts')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('creator_user_id', 'text', (column) => column.notNull().references('users.id'))
    .addColumn('credits', 'integer', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('provider_ref', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('creator_payouts_status_idx').on('creator_payouts').column('status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'creator_payouts',
    'creator_sales',
    'creator_offers',
    'payment_checkouts',
    'payment_events',
    'billing_subscriptions',
    'billing_settings',
    'idempotency_keys',
    'allowance_usage',
    'credit_holds',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  // Dropping the ledger on purpose is the only way its rows go; the triggers go with the tables.
  await db.schema.dropTable('ledger_entries').execute();
  await db.schema.dropTable('ledger_transactions').execute();
  await db.schema.dropTable('ledger_accounts').execute();
  if (!isSqlite(db)) await sql`DROP FUNCTION hearth_ledger_immutable()`.execute(db);
}
