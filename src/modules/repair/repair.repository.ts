/** All SQL on repair_applications: the one table this module owns. */
import { sql, type Insertable, type RawBuilder, type Selectable, type Updateable } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import type { RepairApplicationsTable } from '../../db/schema.ts'

export type RepairRow = Selectable<RepairApplicationsTable>

// dates as text on both engines
const columns = sql`subject_id, application_id, target_type, target_id, kind, status, applied_at, applied_on::text AS applied_on, statement, evidence,
  feedback_due_on::text AS feedback_due_on, feedback_on::text AS feedback_on, feedback, decision_due_on::text AS decision_due_on, decided_on::text AS decided_on,
  decided_by, decision_reasons, take_down_due_on::text AS take_down_due_on, taken_down_on::text AS taken_down_on`

export async function findApplication(
  db: Db,
  applicationId: string,
  subjectId?: string,
): Promise<RepairRow | undefined> {
  const { rows } =
    await sql<RepairRow>`SELECT ${columns} FROM repair_applications WHERE application_id = ${applicationId}
    ${subjectId === undefined ? sql`` : sql`AND subject_id = ${subjectId}`}`.execute(db)
  return rows[0]
}

/** The application, row-locked in `tx`. */
export async function lockApplication(tx: Tx, applicationId: string): Promise<RepairRow | undefined> {
  const { rows } =
    await sql<RepairRow>`SELECT ${columns} FROM repair_applications WHERE application_id = ${applicationId} FOR UPDATE`.execute(
      tx.db,
    )
  return rows[0]
}

/** Stores a new application; a pending one for the same target fails with the unique violation (23505). */
export async function insertApplication(tx: Tx, row: Insertable<RepairApplicationsTable>): Promise<void> {
  await tx.db.insertInto('repair_applications').values(row).execute()
}

export async function updateApplication(
  tx: Tx,
  subjectId: string,
  applicationId: string,
  set: Updateable<RepairApplicationsTable>,
): Promise<void> {
  await tx.db
    .updateTable('repair_applications')
    .set(set)
    .where('subject_id', '=', subjectId)
    .where('application_id', '=', applicationId)
    .execute()
}

export async function subjectApplications(db: Db, subjectId: string): Promise<RepairRow[]> {
  const { rows } =
    await sql<RepairRow>`SELECT ${columns} FROM repair_applications WHERE subject_id = ${subjectId} ORDER BY applied_at DESC`.execute(
      db,
    )
  return rows
}

export type RepairFilter = 'pending' | 'feedback_overdue' | 'decision_overdue'

/** Pending applications by due day, and the counts of what is pending and overdue on `today`. */
export async function pendingApplications(
  db: Db,
  filter: RepairFilter,
  today: string,
  limit: number,
): Promise<{ rows: RepairRow[]; counts: { pending: number; feedback_overdue: number; decision_overdue: number } }> {
  const condition = {
    pending: sql`true`,
    feedback_overdue: sql`status = 'submitted' AND feedback_due_on < ${today}::date`,
    decision_overdue: sql`status = 'feedback_given' AND decision_due_on < ${today}::date`,
  }[filter]
  const [{ rows }, counts] = await Promise.all([
    sql<RepairRow>`SELECT ${columns} FROM repair_applications WHERE status IN ('submitted', 'feedback_given') AND ${condition}
      ORDER BY coalesce(decision_due_on, feedback_due_on), application_id LIMIT ${limit}`.execute(db),
    sql<{ pending: number; feedback_overdue: number; decision_overdue: number }>`
      SELECT count(*)::int AS pending,
        (count(*) FILTER (WHERE status = 'submitted' AND feedback_due_on < ${today}::date))::int AS feedback_overdue,
        (count(*) FILTER (WHERE status = 'feedback_given' AND decision_due_on < ${today}::date))::int AS decision_overdue
      FROM repair_applications WHERE status IN ('submitted', 'feedback_given')`.execute(db),
  ])
  return { rows, counts: counts.rows[0]! }
}

// ---- for public statistics ----

/** Every application: how many, how many approved, how many refused. */
export async function repairCounts(db: Db): Promise<{ applied: number; approved: number; refused: number }> {
  const { rows } = await sql<{ applied: number; approved: number; refused: number }>`
    SELECT count(*)::int AS applied, (count(*) FILTER (WHERE status = 'approved'))::int AS approved, (count(*) FILTER (WHERE status = 'refused'))::int AS refused
    FROM repair_applications`.execute(db)
  return rows[0]!
}

/** Applications per month applied (from `from`), and decisions per month decided, each month only once something happened. */
export async function repairsByMonth(
  db: Db,
  from: string,
): Promise<{ month: string; applied: number; approved: number; refused: number }[]> {
  const [applied, decided] = await Promise.all([
    sql<{
      month: string
      n: number
    }>`SELECT to_char(applied_on, 'YYYY-MM') AS month, count(*)::int AS n FROM repair_applications WHERE applied_on >= ${from}::date GROUP BY 1`.execute(
      db,
    ),
    sql<{
      month: string
      approved: number
      refused: number
    }>`SELECT to_char(decided_on, 'YYYY-MM') AS month, (count(*) FILTER (WHERE status = 'approved'))::int AS approved, (count(*) FILTER (WHERE status = 'refused'))::int AS refused
      FROM repair_applications WHERE decided_on >= ${from}::date GROUP BY 1`.execute(db),
  ])
  const months = [...new Set([...applied.rows.map((r) => r.month), ...decided.rows.map((r) => r.month)])].sort()
  return months.map((month) => {
    const d = decided.rows.find((r) => r.month === month)
    return {
      month,
      applied: applied.rows.find((r) => r.month === month)?.n ?? 0,
      approved: d?.approved ?? 0,
      refused: d?.refused ?? 0,
    }
  })
}

/** Whether a repair application of the document's subject cites it (evidence's Citation: its clean-up keeps what is cited). */
export const repairCitesDocument = (document: {
  subjectId: RawBuilder<unknown>
  documentId: RawBuilder<unknown>
}): RawBuilder<unknown> =>
  sql`EXISTS (SELECT 1 FROM repair_applications a WHERE a.subject_id = ${document.subjectId} AND a.evidence @> jsonb_build_array(jsonb_build_object('documentId', ${document.documentId})))`
