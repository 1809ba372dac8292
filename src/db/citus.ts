/**
 * The Citus co-location rule, checked against the live schema (pg_catalog), not against our intent:
 * every per-subject table leads its primary key and every unique index with subject_id, and foreign
 * keys between per-subject tables go through subject_id. Tables must be classified in `distribution`.
 */
import { sql } from 'kysely'
import type { Db } from './database.ts'
import type { Distribution } from './schema.ts'

interface IndexRow {
  table_name: string
  index_name: string
  is_primary: boolean
  columns: string[]
}
interface ForeignKeyRow {
  table_name: string
  constraint_name: string
  columns: string[]
  referenced_table: string
  referenced_columns: string[]
}

const pgArray = (value: string[] | string): string[] =>
  Array.isArray(value)
    ? value
    : value
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean)

export async function citusViolations(db: Db, distribution: Readonly<Record<string, Distribution>>): Promise<string[]> {
  const tables = (
    await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'fides\_migration%'`.execute(db)
  ).rows.map((r) => r.table_name)
  const subjectColumns = new Set(
    (
      await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'subject_id'`.execute(
        db,
      )
    ).rows.map((r) => r.table_name),
  )
  const indexes = (
    await sql<IndexRow>`
    SELECT t.relname AS table_name, i.relname AS index_name, ix.indisprimary AS is_primary,
      array(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
    FROM pg_index ix
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND ix.indisunique`.execute(db)
  ).rows
  const foreignKeys = (
    await sql<ForeignKeyRow>`
    SELECT c.conrelid::regclass::text AS table_name, c.conname AS constraint_name, c.confrelid::regclass::text AS referenced_table,
      array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
      array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced_columns
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE n.nspname = 'public' AND c.contype = 'f'`.execute(db)
  ).rows

  const violations: string[] = []
  for (const table of tables) {
    const placement = distribution[table]
    if (!placement) {
      violations.push(`${table}: not classified in distribution (by-subject, reference, global-log or coordinator)`)
      continue
    }
    if (subjectColumns.has(table) && placement === 'reference')
      violations.push(`${table}: holds subject_id but is classified as a reference table`)
    if (placement !== 'by-subject') continue
    if (!subjectColumns.has(table)) violations.push(`${table}: per-subject table without a subject_id column`)
    const own = indexes.filter((i) => i.table_name === table)
    if (!own.some((i) => i.is_primary)) violations.push(`${table}: per-subject table without a primary key`)
    for (const index of own) {
      const columns = pgArray(index.columns)
      if (columns[0] !== 'subject_id') {
        violations.push(
          `${table}: ${index.is_primary ? 'primary key' : 'unique index'} ${index.index_name} (${columns.join(', ')}) does not start with subject_id`,
        )
      }
    }
  }
  for (const fk of foreignKeys) {
    const from = distribution[fk.table_name]
    const to = distribution[fk.referenced_table]
    if (
      to === 'by-subject' &&
      (from !== 'by-subject' ||
        pgArray(fk.columns)[0] !== 'subject_id' ||
        pgArray(fk.referenced_columns)[0] !== 'subject_id')
    ) {
      violations.push(
        `${fk.table_name}: foreign key ${fk.constraint_name} to per-subject ${fk.referenced_table} must be from a per-subject table through subject_id`,
      )
    }
  }
  return violations
}
