import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { submitRecord } from '../src/modules/records/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { describeEachEngine } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newUscc,
  organisationRecord,
  recordsContext,
  subjectAccount,
  testApp,
} from './support/context.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
let n = 0

// Officers' and sources' words are told to the subject and kept with the decision: they may not speak
// of what the charter keeps out of Fides, however they are spelled. The subject's own words may.
describeEachEngine(
  "officers' and sources' free text is refused when it speaks of a category the charter refuses",
  (db) => {
    async function setup() {
      const ctx = await recordsContext(db(), '2026-06-10T02:00:00Z')
      const app = await testApp(ctx)
      const court = await makeSource(ctx, 'all', 'court', '福州市中级人民法院')
      const company = { uscc: newUscc(), name: `福州第${++n}号商贸有限公司` }
      const account = await subjectAccount(ctx, company)
      const officer = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, '陈科长')).apiKey
      const call = async (method: 'GET' | 'POST', url: string, as: string, payload?: unknown) => {
        const headers: Record<string, string> =
          as === 'subject' ? await account.headers() : { authorization: `Bearer ${as}` }
        const res = await app.inject({
          method,
          url,
          headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
        })
        return { status: res.statusCode, body: JSON.parse(res.body) as Json }
      }
      const submit = (code: string, decidedOn: string) =>
        submitRecord(
          ctx,
          court,
          { type: 'source', id: court.name },
          organisationRecord(
            kindWhere(ctx.catalogue, (k) => k.code === code),
            { subject: company, decidedOn },
          ),
        )
      const actions = async (subjectId: string) =>
        (
          await sql<{
            action: string
          }>`SELECT action FROM audit_events WHERE subject_id = ${subjectId} ORDER BY seq`.execute(db().db)
        ).rows.map((r) => r.action)
      /** A refusal: 422, the stable code, the field's pointer, the category named and the text not repeated. */
      const refused = (res: { status: number; body: Json }, pointer: string, category: string, written: string) => {
        assert.equal(res.status, 422, JSON.stringify(res.body))
        assert.equal(res.body.code, 'text.forbidden_category')
        assert.equal(res.body.errors[0].pointer, pointer)
        assert.match(`${res.body.detail} ${res.body.errors[0].detail}`, new RegExp(category))
        assert.ok(!JSON.stringify(res.body).includes(written), 'the text is not repeated back')
      }
      return { ctx, app, court, officer, call, submit, actions, refused }
    }

    test("a list entry's reasons at every step: refused with 422 and the pointer, and nothing is written", async () => {
      const { ctx, app, officer, call, submit, actions, refused } = await setup()
      const basis = await submit('judgment_defaulter', '2026-06-01')
      const before = await actions(basis.subjectId)
      const proposal = {
        subjectId: basis.subjectId,
        listKind: 'judgment_defaulters',
        criterion: 'able_to_pay_but_refuses',
        basisRecordId: basis.recordId,
      }
      for (const reasons of [
        '因其宗\u200b教活动',
        '因其宗教活动',
        '因其宗 教活动',
        '因其宗教活動',
        'party member',
        'pаrty mеmber',
        'dang yuan',
        'Dang_Yuan',
        'ｄａｎｇｙｕａｎ',
      ]) {
        const res = await call('POST', '/v1/lists/entries', officer, { ...proposal, reasons })
        refused(res, '/reasons', reasons.includes('宗') ? 'religion' : 'political', reasons)
      }
      assert.deepEqual(await actions(basis.subjectId), before, 'no entry, no audit event')
      assert.ok(
        !(await call('GET', '/v1/lists/entries?filter=open', officer)).body.entries.some(
          (e: Json) => e.subjectId === basis.subjectId,
        ),
        'not in the queue',
      )

      const proposed = await call('POST', '/v1/lists/entries', officer, {
        ...proposal,
        reasons: '判决确定的义务逾期未履行',
      })
      assert.equal(proposed.status, 201, JSON.stringify(proposed.body))
      const id = proposed.body.entryId as string
      refused(
        await call('POST', `/v1/lists/entries/${id}/notice`, officer, { reasons: '当事人系党\u200b员，书面告知' }),
        '/reasons',
        'political',
        '党',
      )
      const noticed = await call('POST', `/v1/lists/entries/${id}/notice`, officer, {
        reasons: '书面告知列入理由和依据',
      })
      assert.equal(noticed.body.status, 'noticed')
      // the subject's own objection may say anything about itself
      const objected = await call('POST', `/v1/me/list-entries/${id}/objection`, 'subject', {
        reasons: '我司负责人因宗教活动外出，未能及时履行',
        statement: '健康原因延误',
      })
      assert.equal(objected.status, 200, JSON.stringify(objected.body))
      refused(
        await call('POST', `/v1/lists/entries/${id}/hearing`, officer, { reasons: '听证中当事人陈述其民族身份' }),
        '/reasons',
        'ethnicity',
        '民族',
      )
      assert.equal(
        (await call('POST', `/v1/lists/entries/${id}/hearing`, officer, { reasons: '已听取陈述申辩' })).status,
        200,
      )
      ctx.clock.set('2026-07-11T02:00:00Z')
      const entryActions = await actions(basis.subjectId)
      refused(
        await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
          outcome: 'listed',
          reasons: 'Ｒｅｌｉｇｉｏｎ of the legal representative',
          decidingAgency: '福州市中级人民法院',
        }),
        '/reasons',
        'religion',
        'Ｒｅｌｉｇｉｏｎ',
      )
      const entry = await call('GET', `/v1/lists/entries/${id}`, officer)
      assert.equal(entry.body.status, 'heard', 'the refused decision changed nothing')
      assert.deepEqual(
        entry.body.steps.map((s: Json) => s.step),
        ['propose', 'notify', 'hear'],
      )
      assert.deepEqual(
        (await actions(basis.subjectId)).filter((a) => a !== 'list_entry.viewed'),
        entryActions.filter((a) => a !== 'list_entry.viewed'),
      )
      const listed = await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
        outcome: 'listed',
        reasons: '有履行能力而拒不履行',
        decidingAgency: '福州市中级人民法院',
      })
      assert.equal(listed.body.status, 'active', JSON.stringify(listed.body))
      refused(
        await call('POST', `/v1/lists/entries/${id}/annulment`, officer, { reasons: '其配偶已代为履行' }),
        '/reasons',
        'relations',
        '配偶',
      )
      await app.close()
    })

    test("a source's answer and an officer's escalation of an objection; the subject's objection itself is not checked", async () => {
      const { app, court, officer, call, submit, actions, refused } = await setup()
      const record = await submit('admin_penalty_general', '2026-06-01')
      const filed = await call('POST', '/v1/me/objections', 'subject', {
        recordId: record.recordId,
        reasons: '处罚时我方负责人正在住院治疗',
        statement: '负责人健康原因',
      })
      assert.equal(filed.status, 201, JSON.stringify(filed.body))
      const id = filed.body.objectionId as string
      const before = await actions(record.subjectId)
      refused(
        await call('POST', `/v1/sources/me/objections/${id}/answer`, court.apiKey, {
          outcome: 'verified',
          explanation: '当事人系党\u200b员，处罚无误',
        }),
        '/explanation',
        'political',
        '党',
      )
      refused(
        await call('POST', `/v1/sources/me/objections/${id}/answer`, court.apiKey, {
          outcome: 'verified',
          explanation: 'The owner is a zong jiao figure',
        }),
        '/explanation',
        'religion',
        'zong jiao',
      )
      refused(
        await call('POST', `/v1/objections/${id}/escalate`, officer, { reason: 'hеalth status of the owner' }),
        '/reason',
        'health',
        'status of the owner',
      )
      assert.deepEqual(await actions(record.subjectId), before, 'nothing written')
      const answered = await call('POST', `/v1/sources/me/objections/${id}/answer`, court.apiKey, {
        outcome: 'verified',
        explanation: '经核实，处罚决定书送达无误',
      })
      assert.equal(answered.status, 200, JSON.stringify(answered.body))
      assert.equal(answered.body.status, 'verified')
      await app.close()
    })

    test("repair feedback and decisions, and a model's reasons; the subject's repair statement is not checked", async () => {
      const { ctx, app, officer, call, submit, refused } = await setup()
      const penalty = await submit('admin_penalty_general', '2026-06-01')
      ctx.clock.set('2026-12-01T02:00:00Z')
      const applied = await call('POST', '/v1/me/repairs', 'subject', {
        recordId: penalty.recordId,
        statement: '因家庭变故延误，现已缴纳罚款并完成整改',
        evidence: [{ description: '罚款缴纳凭证' }],
      })
      assert.equal(applied.status, 201, JSON.stringify(applied.body))
      const id = applied.body.applicationId as string
      refused(
        await call('POST', `/v1/repairs/${id}/feedback`, officer, { feedback: '已核实其家庭成员情况' }),
        '/feedback',
        'relations',
        '家庭',
      )
      assert.equal((await call('GET', `/v1/repairs/${id}`, officer)).body.status, 'submitted', 'no feedback given')
      assert.equal(
        (await call('POST', `/v1/repairs/${id}/feedback`, officer, { feedback: '材料齐全，已核实罚款缴清' })).status,
        200,
      )
      refused(
        await call('POST', `/v1/repairs/${id}/decision`, officer, { outcome: 'refused', reasons: 'minzu' }),
        '/reasons',
        'ethnicity',
        'minzu',
      )
      assert.equal((await call('GET', `/v1/repairs/${id}`, officer)).body.status, 'feedback_given', 'not decided')

      refused(
        await call('POST', '/v1/models', officer, {
          purpose: 'credit_application',
          model: {},
          reasons: 'validated without religion data',
        }),
        '/reasons',
        'religion',
        'validated without',
      )
      refused(
        await call('POST', '/v1/models/00000000-0000-4000-8000-000000000000/withdraw', officer, {
          reasons: 'uses 体检 results',
        }),
        '/reasons',
        'health',
        '体检',
      )
      await app.close()
    })
  },
)
