import type { Compilable, CompiledQuery, DialectAdapter, Insertable, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.js';

/** Stands in for a value while a prepared query is compiled; replaced by the real value per run. */
class Slot {
  constructor(readonly name: string) {}
}

function withValues<Row>(compiled: CompiledQuery<Row>, values: Record<string, unknown>): CompiledQuery<Row> {
  const parameters = compiled.parameters.map((parameter) => {
    if (!(parameter instanceof Slot)) return parameter;
    const value = values[parameter.name];
    if (value === undefined) throw new Error(`prepared query: no value for "${parameter.name}"`);
    return value;
  });
  return { ...compiled, parameters };
}

export type SlotOf<Values> = <Name extends keyof Values & string>(name: Name) => Values[Name];

/**
 * A query whose shape never changes, compiled once per dialect and run with new values each time.
 * Building and compiling a query with Kysely costs ~20–50 µs of JavaScript here, more than our small
 * indexed statements take to run on SQLite, and a chat turn runs a few dozen of them. Use it for the
 * hot per-turn statements; everything else stays on the plain builder.
 *
 * `build` receives `slot(name)`, to be used wherever a per-run value goes. The shape must not depend on
 * the values (no `in` lists of varying length, no optional clauses): that is why they are slots.
 */
export function preparedQuery<Values extends object, Row>(
  build: (db: Kysely<Database>, slot: SlotOf<Values>) => Compilable<Row>,
): (db: Kysely<Database>, values: Values) => Promise<QueryResult<Row>> {
  // Keyed by the dialect adapter, which a database and its transactions share.
  const compiledFor = new WeakMap<DialectAdapter, CompiledQuery<Row>>();
  const slot = ((name: string) => new Slot(name)) as SlotOf<Values>;
  return async (db, values) => {
    const adapter = db.getExecutor().adapter;
    let compiled = compiledFor.get(adapter);
    if (!compiled) {
      compiled = build(db, slot).compile();
      compiledFor.set(adapter, compiled);
    }
    return db.executeQuery<Row>(withValues(compiled, values as Record<string, unknown>));
  };
}

/**
 * `insert into <table>` of one row, compiled once per dialect and set of columns (see preparedQuery).
 * For the hot per-turn inserts: messages, credit holds, memory jobs and items.
 */
export function preparedInsert<Table extends keyof Database & string>(
  table: Table,
): (db: Kysely<Database>, row: Insertable<Database[Table]>) => Promise<void> {
  const compiledFor = new WeakMap<DialectAdapter, Map<string, CompiledQuery>>();
  return async (db, row) => {
    const adapter = db.getExecutor().adapter;
    let byColumns = compiledFor.get(adapter);
    if (!byColumns) {
      byColumns = new Map();
      compiledFor.set(adapter, byColumns);
    }
    // Kysely leaves out columns whose value is undefined; so does this.
    const values = row as Record<string, unknown>;
    const columns = Object.keys(values).filter((column) => values[column] !== undefined);
    const key = columns.join(',');
    let compiled = byColumns.get(key);
    if (!compiled) {
      const slots = Object.fromEntries(columns.map((column) => [column, new Slot(column)]));
      compiled = db
        .insertInto(table)
        .values(slots as never)
        .compile();
      byColumns.set(key, compiled);
    }
    await db.executeQuery(withValues(compiled, values));
  };
}
