/**
 * The state check: every row of the state tables against the audit trail, one range of subjects at a
 * time (ranges sized to about 2,000 subjects, so memory stays flat on millions of rows). Each range
 * is read in one repeatable-read snapshot, so a change committing meanwhile is seen with its event or
 * not at all. Rows come from their owning modules and events from the audit trail's own reader; the
 * comparison is pure (integrity.ts).
 */
import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import { listObjectEventsInRange } from '../../platform/audit.ts'
import { idRanges, prefixDigitsFor } from '../../platform/id-ranges.ts'
import { consentFactsInRange, subjectAccountFactsInRange } from '../access/index.ts'
import { entryFactsInRange } from '../lists/index.ts'
import { objectionFactsInRange } from '../objections/index.ts'
import { countSubjects } from '../subjects/index.ts'
import { checkRange, STATE_TABLES, type StateFinding, type StateTable } from './integrity.ts'

export interface StateVerification {
  /** rows checked, per table */
  checked: Record<StateTable, number>
  findings: number
  ranges: number
}

export interface StateVerifyOptions {
  /** each finding as soon as its range is checked (they are not kept) */
  onFinding?: (finding: StateFinding) => void
  onProgress?: (done: number, total: number) => void
  /** ranges of this many hexadecimal digits of the subject id (default: about 2,000 subjects a range) */
  prefixDigits?: number
}

const SUBJECTS_PER_RANGE = 2_000

/** Recomputes list entries, consents, objections and subject accounts' claims from their events and reports every row that disagrees. */
export async function verifyState(database: Database, options: StateVerifyOptions = {}): Promise<StateVerification> {
  const ranges = idRanges(options.prefixDigits ?? prefixDigitsFor(await countSubjects(database), SUBJECTS_PER_RANGE, 5))
  const checked: Record<StateTable, number> = { list_entries: 0, consents: 0, objections: 0, subject_accounts: 0 }
  let findings = 0
  for (const [i, range] of ranges.entries()) {
    const found = await database.transaction(async (tx) => {
      // the first statement of the transaction: its rows and their events from one snapshot
      await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`.execute(tx.db)
      const rows = {
        list_entries: await entryFactsInRange(tx.db, range),
        consents: await consentFactsInRange(tx.db, range),
        objections: await objectionFactsInRange(tx.db, range),
        subject_accounts: await subjectAccountFactsInRange(tx.db, range),
      }
      for (const table of Object.keys(checked) as StateTable[]) checked[table] += rows[table].length
      return checkRange(rows, await listObjectEventsInRange(tx.db, range, Object.values(STATE_TABLES)))
    })
    findings += found.length
    for (const f of found) options.onFinding?.(f)
    options.onProgress?.(i + 1, ranges.length)
  }
  return { checked, findings, ranges: ranges.length }
}
