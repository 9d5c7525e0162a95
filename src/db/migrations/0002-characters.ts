import { type Kysely, sql } from 'kysely';
import { isSqlite } from './dialect-of.js';

// The characters layer: characters, versions, tags, favourites, lorebooks, reports, relationships,
// and full-text search (FTS5 on SQLite, a generated tsvector + GIN on PostgreSQL).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('characters')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('owner_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('slug', 'text', (column) => column.notNull().unique())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('tagline', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('tags', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('rating', 'text', (column) => column.notNull().defaultTo('sfw'))
    .addColumn('visibility', 'text', (column) => column.notNull().defaultTo('private'))
    .addColumn('status', 'text', (column) => column.notNull().defaultTo('draft'))
    .addColumn('status_before_lock', 'text')
    .addColumn('official', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('doc', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('forked_from', 'text')
    .addColumn('allow_fork', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('avatar_path', 'text')
    .addColumn('avatar_thumb_path', 'text')
    .addColumn('card_json', 'text')
    .addColumn('chats_7d', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('trending_score', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('favourites_count', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('characters_owner_idx').on('characters').columns(['owner_id', 'id']).execute();
  // Catalog sorts: each index starts with the listing filter so a page is an index range scan.
  for (const [name, columns] of [
    ['characters_catalog_new_idx', ['visibility', 'status', 'published_at', 'id']],
    ['characters_catalog_popular_idx', ['visibility', 'status', 'chats_7d', 'id']],
    ['characters_catalog_trending_idx', ['visibility', 'status', 'trending_score', 'id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('characters')
      .columns([...columns])
      .execute();
  }

  await db.schema
    .createTable('character_versions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('character_id', 'text', (column) =>
      column.notNull().references('characters.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('doc', 'text', (column) => column.notNull())
    .addColumn('author_id', 'text', (column) => column.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('character_versions_unique', ['character_id', 'version'])
    .execute();

  await db.schema
    .createTable('character_tags')
    .addColumn('character_id', 'text', (column) =>
      column.notNull().references('characters.id').onDelete('cascade'),
    )
    .addColumn('tag', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('character_tags_pk', ['character_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('character_tags_tag_idx')
    .on('character_tags')
    .columns(['tag', 'character_id'])
    .execute();

  await db.schema
    .createTable('character_favourites')
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('character_id', 'text', (column) =>
      column.notNull().references('characters.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('character_favourites_pk', ['user_id', 'character_id'])
    .execute();
  await db.schema
    .createIndex('character_favourites_character_idx')
    .on('character_favourites')
    .column('character_id')
    .execute();

  await db.schema
    .createTable('character_daily_chats')
    .addColumn('character_id', 'text', (column) =>
      column.notNull().references('characters.id').onDelete('cascade'),
    )
    .addColumn('day', 'text', (column) => column.notNull())
    .addColumn('chats', 'integer', (column) => column.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('character_daily_chats_pk', ['character_id', 'day'])
    .execute();

  await db.schema
    .createTable('lorebooks')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('owner_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('character_id', 'text', (column) => column.references('characters.id').onDelete('cascade'))
    .addColumn('chat_id', 'text')
    .addColumn('name', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('data', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('lorebooks_character_idx').on('lorebooks').column('character_id').execute();
  await db.schema.createIndex('lorebooks_chat_idx').on('lorebooks').column('chat_id').execute();
  await db.schema.createIndex('lorebooks_owner_idx').on('lorebooks').column('owner_id').execute();

  await db.schema
    .createTable('character_reports')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('reporter_id', 'text', (column) => column.references('users.id').onDelete('set null'))
    .addColumn('character_id', 'text', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('details', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('status', 'text', (column) => column.notNull().defaultTo('open'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('character_reports_status_idx')
    .on('character_reports')
    .columns(['status', 'id'])
    .execute();
  await db.schema
    .createIndex('character_reports_reporter_idx')
    .on('character_reports')
    .column('reporter_id')
    .execute();

  await db.schema
    .createTable('character_relationships')
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('character_id', 'text', (column) =>
      column.notNull().references('characters.id').onDelete('cascade'),
    )
    .addColumn('level', 'text', (column) => column.notNull().defaultTo('stranger'))
    .addColumn('messages', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('meaningful_exchanges', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('exchanges_at_level', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('last_seen_at', 'text')
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('character_relationships_pk', ['user_id', 'character_id'])
    .execute();

  if (isSqlite(db)) {
    await sql`CREATE VIRTUAL TABLE characters_fts USING fts5(
      character_id UNINDEXED, name, tagline, tags, description,
      tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
  } else {
    // Generated from the row itself, so it can never drift from the columns it indexes.
    await sql`ALTER TABLE characters ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple', coalesce(name, '')), 'A') ||
      setweight(to_tsvector('simple', coalesce(tagline, '')), 'B') ||
      setweight(to_tsvector('simple', coalesce(tags, '')), 'B') ||
      setweight(to_tsvector('simple', coalesce(description, '')), 'C')
    ) STORED`.execute(db);
    await sql`CREATE INDEX characters_search_idx ON characters USING GIN (search_vector)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await sql`DROP TABLE IF EXISTS characters_fts`.execute(db);
  for (const table of [
    'character_relationships',
    'character_reports',
    'lorebooks',
    'character_daily_chats',
    'character_favourites',
    'character_tags',
    'character_versions',
    'characters',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
