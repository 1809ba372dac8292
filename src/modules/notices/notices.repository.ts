import { randomUUID } from 'node:crypto'
import type { Db, Tx } from '../../db/database.ts'
import { copyTextRow } from '../../platform/parsers/index.ts'
import type { Notice } from './notices.ts'

const columns = ['subject_id', 'notice_id', 'created_at', 'kind', 'object_type', 'object_id', 'body'] as const

/** Stores notices in the caller's transaction (with the change they tell of). */
export async function insertNotices(tx: Tx, at: Date, notices: readonly Notice[]): Promise<void> {
  if (notices.length === 0) return
  const createdAt = at.toISOString()
  if (notices.length <= 50) {
    await tx.db
      .insertInto('notices')
      .values(
        notices.map((n) => ({
          subject_id: n.subjectId,
          notice_id: randomUUID(),
          created_at: createdAt,
          kind: n.kind,
          object_type: n.objectType,
          object_id: n.objectId,
          body: JSON.stringify(n.body),
        })),
      )
      .execute()
    return
  }
  await tx.copyFrom(
    'notices',
    columns,
    notices.map((n) =>
      copyTextRow([n.subjectId, randomUUID(), createdAt, n.kind, n.objectType, n.objectId, JSON.stringify(n.body)]),
    ),
  )
}

export interface StoredNotice {
  noticeId: string
  createdAt: string
  kind: string
  objectType: string
  objectId: string
  body: Record<string, unknown>
}

/** One subject's notices, newest first. */
export async function listNotices(db: Db, subjectId: string): Promise<StoredNotice[]> {
  const rows = await db
    .selectFrom('notices')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .orderBy('seq', 'desc')
    .execute()
  return rows.map((r) => ({
    noticeId: r.notice_id,
    createdAt: new Date(r.created_at).toISOString(),
    kind: r.kind,
    objectType: r.object_type,
    objectId: r.object_id,
    body: r.body,
  }))
}
