/**
 * One SQL dialect, two engines: PostgreSQL through `pg` (a pool; COPY through pg-copy-streams) and
 * PGlite, PostgreSQL compiled to WebAssembly, in-process (one connection; COPY through /dev/blob).
 *
 * Transactions are ours, not Kysely's, because bulk paths need COPY on the same connection as the
 * queries around it: `transaction(fn)` hands `fn` a `Tx` holding a Kysely bound to that connection and a
 * `copyFrom` that writes into the same transaction. Functions that must run inside a transaction take a
 * `Tx`, so the compiler makes the caller open one.
 */
import { createHash } from 'node:crypto'
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { from as copyFromStdin } from 'pg-copy-streams'
import { mkdir } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite'
import type { DatabaseConfig } from '../config.ts'
import type { Schema } from './schema.ts'

export type Db = Kysely<Schema>

const PREPARED_MARK = '/* prepared */'

/**
 * Put first in a statement that a hot read path runs over and over (an organisation's public page:
 * its file, its list entries, its grade): on PostgreSQL it is prepared once per connection, named by
 * its text's digest, so that after five runs the server keeps one generic plan instead of planning it
 * again for every request (planning cost 2.5 times what running it did). Only for statements whose
 * text does not vary with their arguments' number (no growing IN lists): each text is kept on every
 * connection for the connection's life. PGlite ignores it (a comment).
 */
export const PREPARED = sql.raw(`${PREPARED_MARK} `)

/** pg's client, preparing the statements that start with PREPARED_MARK. */
class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [text, values] = args
    if (
      typeof text === 'string' &&
      text.trimStart().startsWith(PREPARED_MARK) &&
      !args.some((a) => typeof a === 'function')
    ) {
      const name = `fides_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`
      return super.query({ name, text, values: values as unknown[] }) as never
    }
    return (super.query as (...a: unknown[]) => never)(...args)
  }
}

declare const txBrand: unique symbol

export interface Tx {
  readonly db: Db
  /** COPY rows (already encoded in COPY text format, one line each ending in \n) into `table`. */
  copyFrom(table: string, columns: readonly string[], rows: Iterable<string> | AsyncIterable<string>): Promise<void>
  readonly [txBrand]: true
}

export interface Database {
  readonly engine: 'postgres' | 'pglite'
  /** For reads and single statements outside a transaction. */
  readonly db: Db
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>
  /**
   * A read outside any transaction as a named prepared statement: PostgreSQL parses and plans it once
   * per connection (for the hottest small reads, where that is a good part of the time); PGlite runs
   * it as it is. `text` uses $1, $2...
   */
  readPrepared<R>(name: string, text: string, values: readonly unknown[]): Promise<R[]>
  close(): Promise<void>
}

// pg returns bigint columns as strings and dates as Date in local time; make both predictable.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v))
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v)

async function* batched(rows: Iterable<string> | AsyncIterable<string>, bytes = 1 << 20): AsyncGenerator<string> {
  let buffer = ''
  for await (const row of rows) {
    buffer += row
    if (buffer.length >= bytes) {
      yield buffer
      buffer = ''
    }
  }
  if (buffer !== '') yield buffer
}

function copySql(table: string, columns: readonly string[]): string {
  const ident = (name: string) => '"' + name.replace(/"/g, '""') + '"'
  return `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN`
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, Client: PreparingClient })
  pool.on('error', () => {
    /* a broken idle client is dropped by the pool; the next query reports it */
  })
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) })
  return {
    engine: 'postgres',
    db,
    async transaction(fn) {
      const client = await pool.connect()
      let broken = false
      try {
        await client.query('BEGIN')
        // Kysely over this one connection: it must neither release it nor end it.
        const borrowed = { query: client.query.bind(client), release() {} } as unknown as pg.PoolClient
        const single = { connect: async () => borrowed, end: async () => {}, options: {} }
        const txDb = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: single }) })
        const tx = {
          db: txDb,
          async copyFrom(table: string, columns: readonly string[], rows: Iterable<string> | AsyncIterable<string>) {
            const stream = client.query(copyFromStdin(copySql(table, columns)))
            // Rows go out in ~1 MB writes: one socket write per row costs more than the rows themselves.
            await pipeline(Readable.from(batched(rows), { objectMode: false }), stream)
          },
        } as Tx
        const result = await fn(tx)
        await client.query('COMMIT')
        return result
      } catch (error) {
        try {
          await client.query('ROLLBACK')
        } catch {
          broken = true
        }
        throw error
      } finally {
        client.release(broken)
      }
    },
    async readPrepared<R>(name: string, text: string, values: readonly unknown[]) {
      return (await pool.query({ name, text, values: [...values] })).rows as R[]
    },
    async close() {
      await db.destroy()
    },
  }
}

/** Presents a PGlite transaction as a PGlite instance, so a Kysely can run inside it. */
function pgliteFacade(tx: PGliteTransaction) {
  return {
    query: tx.query.bind(tx),
    transaction: () => {
      throw new Error('nested transactions are not supported')
    },
    ready: true,
    closed: false,
    waitReady: Promise.resolve(),
    close: async () => {},
  }
}

async function collect(rows: Iterable<string> | AsyncIterable<string>): Promise<string> {
  const parts: string[] = []
  for await (const row of rows) parts.push(row)
  return parts.join('')
}

export async function openPglite(dataDir: string | null): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  if (dataDir !== null) await mkdir(dataDir, { recursive: true })
  // pg_trgm: name search (migration 0011)
  const extensions = { pg_trgm }
  const pglite: PGlite =
    dataDir === null ? await PGlite.create({ extensions }) : await PGlite.create({ dataDir, extensions })
  const db = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite }) })
  return {
    engine: 'pglite',
    db,
    async transaction(fn) {
      return pglite.transaction(async (ptx) => {
        // The facade is structurally what Kysely's dialect needs; PGlite's own type is wider.
        const txDb = new Kysely<Schema>({
          dialect: new PGliteDialect({ pglite: pgliteFacade(ptx) as unknown as PGlite }),
        })
        const tx = {
          db: txDb,
          async copyFrom(table: string, columns: readonly string[], rows: Iterable<string> | AsyncIterable<string>) {
            const text = await collect(rows)
            if (text === '') return
            await ptx.query(`${copySql(table, columns).replace('FROM STDIN', "FROM '/dev/blob'")}`, [], {
              blob: new Blob([text]),
            })
          },
        } as Tx
        return fn(tx)
      })
    },
    async readPrepared<R>(_name: string, text: string, values: readonly unknown[]) {
      return (await pglite.query<R>(text, [...values])).rows
    },
    async close() {
      if (!pglite.closed) {
        await pglite.query('CHECKPOINT')
        await db.destroy()
      }
    },
  }
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  switch (config.kind) {
    case 'postgres':
      return openPostgres(config.url, config.poolSize)
    case 'pglite':
      return openPglite(config.dataDir)
  }
}

/** After a bulk load PGlite wants a CHECKPOINT; on PostgreSQL an ANALYZE helps the planner. */
export async function afterBulkLoad(database: Database): Promise<void> {
  if (database.engine === 'pglite') await sql`CHECKPOINT`.execute(database.db)
  else await sql`ANALYZE`.execute(database.db)
}
