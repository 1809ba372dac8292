import { sql, type Kysely } from 'kysely'

/**
 * Credit repair applications: a subject asks to end the publication of a repairable negative record
 * (or a list entry) early, once it has corrected the conduct and the minimum publication has passed.
 * Feedback is due within 10 working days, the decision within 3 more, the take-down within 3 of the
 * approval (NDRC Order 58): each due day is stored so the officers' queue can flag what is overdue.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `CREATE TABLE repair_applications (
      subject_id uuid NOT NULL,
      application_id uuid NOT NULL,
      target_type text NOT NULL CHECK (target_type IN ('record', 'list_entry')),
      target_id uuid NOT NULL,
      kind text NOT NULL,
      status text NOT NULL CHECK (status IN ('submitted', 'feedback_given', 'approved', 'refused')),
      applied_at timestamptz NOT NULL,
      applied_on date NOT NULL,
      statement text NOT NULL,
      evidence jsonb NOT NULL,
      feedback_due_on date NOT NULL,
      feedback_on date,
      feedback text,
      decision_due_on date,
      decided_on date,
      decided_by text,
      decision_reasons text,
      take_down_due_on date,
      taken_down_on date,
      PRIMARY KEY (subject_id, application_id)
      )`,
    `CREATE UNIQUE INDEX repair_one_pending ON repair_applications (subject_id, target_id) WHERE status IN ('submitted', 'feedback_given')`,
    `CREATE INDEX repair_queue ON repair_applications (status, feedback_due_on, decision_due_on) WHERE status IN ('submitted', 'feedback_given')`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE repair_applications`.execute(db)
}
