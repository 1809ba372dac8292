/**
 * Demo data for a newcomer: a few hundred organisations (enterprises, individual businesses, public
 * bodies), some persons, and records of every catalogue kind from realistic source agencies — all
 * through the real services (sources, keys, validation, ingestion, audit). Runs only on an empty
 * database. Deterministic: the same seed gives the same subjects and records.
 */
import type { Database } from '../db/database.ts'
import type { Clock } from '../platform/clock.ts'
import { chinaDate } from '../platform/calendar.ts'
import { fileObjection } from '../modules/objections/index.ts'
import { endEntriesOnLapsedBasis, noticeEntry, proposeEntry, type Lists } from '../modules/lists/index.ts'
import type { Keys } from '../platform/crypto.ts'
import { systemActor } from '../platform/audit.ts'
import type { SourcePrincipal } from '../platform/principal.ts'
import { kindSample, type ActiveCatalogue, type RecordKind } from '../modules/catalogue/index.ts'
import { makeResidentId, makeUscc, seededRandom } from '../modules/identifiers/index.ts'
import { firstRecordOfKindOn, firstRecordOfKinds, ingest, type IngestItem } from '../modules/records/index.ts'
import { addSource, issueOfficerKey, listSources, type AgencyType } from '../modules/sources/index.ts'
import { loadProtectedList, publishModel } from '../modules/scoring/index.ts'
import { demoScorecard } from './scorecard.ts'
import {
  addDepartment,
  addRelyingParty,
  createStaffAccount,
  generatePassword,
  grantConsent,
  registerSubjectAccount,
  verifySubjectAccount,
} from '../modules/access/index.ts'
import { countSubjects, subjectIdOf } from '../modules/subjects/index.ts'

export interface DemoContext {
  database: Database
  clock: Clock
  keys: Keys
  catalogue: ActiveCatalogue
  /** the list catalogue: the demo has a department and a list entry under notice */
  lists: Lists
}

export interface DemoResult {
  /** the published demo scorecard and the features a lender sends */
  scoreModel: { name: string; inputs: string[] }
  organisations: number
  persons: number
  records: number
  officerKey: string
  sources: { name: string; apiKey: string }[]
  relyingParties: { name: string; apiKey: string }[]
  /** a department that checks for measures (with the list catalogue) */
  departments: { name: string; apiKey: string; domains: string[] }[]
  sampleSubjectId: string
  /** a person who consented to the demo bank's credit application check */
  samplePersonId: string
  /** people's accounts: an officer, an auditor, the sample person (verified), a clerk of the source it objects to and of the bank, with passwords generated now */
  accounts: { role: string; username: string; password: string }[]
}

interface DemoSource {
  name: string
  displayName: string
  agencyType: AgencyType
  categories: string[]
}

/** Which agency submits which catalogue categories. */
export const demoSources: DemoSource[] = [
  {
    name: 'fuzhou-intermediate-court',
    displayName: "福州市中级人民法院 Fuzhou Intermediate People's Court",
    agencyType: 'court',
    categories: ['judicial'],
  },
  {
    name: 'fujian-tax-bureau',
    displayName: '国家税务总局福建省税务局 Fujian Provincial Tax Service',
    agencyType: 'tax_bureau',
    categories: ['tax'],
  },
  {
    name: 'fuzhou-market-regulator',
    displayName: '福州市市场监督管理局 Fuzhou Administration for Market Regulation',
    agencyType: 'market_regulator',
    categories: ['licensing', 'administrative_penalties', 'product_safety', 'market_supervision', 'commendations'],
  },
  {
    name: 'fuzhou-ecology-bureau',
    displayName: '福州市生态环境局 Fuzhou Ecology and Environment Bureau',
    agencyType: 'environment_bureau',
    categories: ['environment', 'administrative_penalties'],
  },
  {
    name: 'fuzhou-labour-inspection',
    displayName: '福州市劳动保障监察支队 Fuzhou Labour Inspection',
    agencyType: 'labour_inspection',
    categories: ['labour'],
  },
  {
    name: 'fujian-finance-dept',
    displayName: '福建省财政厅 Fujian Department of Finance',
    agencyType: 'finance_ministry',
    categories: ['public_procurement', 'public_contracts'],
  },
  {
    name: 'minjiang-commercial-bank',
    displayName: '闽江商业银行 Minjiang Commercial Bank',
    agencyType: 'lender',
    categories: ['finance'],
  },
]

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '林', '郑']
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
]
const PLACES = ['闽江', '榕城', '鼓楼', '仓山', '马尾', '长乐', '福清', '晋安', '台江', '连江']
const TRADES = [
  ['食品', 'Food'],
  ['建筑工程', 'Construction'],
  ['电子科技', 'Electronics'],
  ['纺织', 'Textiles'],
  ['物流', 'Logistics'],
  ['化工', 'Chemicals'],
  ['医药', 'Pharmaceuticals'],
  ['餐饮管理', 'Catering'],
  ['环保科技', 'Environmental Technology'],
  ['建材', 'Building Materials'],
] as const
const BODIES = ['人民政府', '教育局', '住房和城乡建设局', '交通运输局', '卫生健康委员会', '城市管理局']
const DIVISIONS = ['350102', '350103', '350104', '350105', '350111', '350112', '350121', '350181']

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!

/** A sample of the kind (from the dictionary's examples) with the amounts varied, so records differ. */
function demoFields(kind: RecordKind, random: () => number, n: number): Record<string, unknown> | undefined {
  const fields = kindSample(kind, n)
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'number' && /amount|principal|limit|balance|fine|arrears/i.test(key) && value > 0) {
      fields[key] = Math.round(value * (0.3 + random() * 1.7))
    }
  }
  return fields
}

export async function seedDemo(
  ctx: DemoContext,
  options: { organisations?: number; persons?: number; seed?: number } = {},
): Promise<DemoResult | undefined> {
  if ((await countSubjects(ctx.database)) > 0 || (await listSources(ctx.database)).length > 0) return undefined
  const recordsContext = {
    database: ctx.database,
    clock: ctx.clock,
    keys: ctx.keys,
    catalogue: ctx.catalogue,
    onRecordsLapsed: endEntriesOnLapsedBasis(ctx.lists),
  }
  const random = seededRandom(options.seed ?? 20260101)
  const kindCodes = new Set<string>(ctx.catalogue.kinds.keys())
  const byCategory = new Map<string, RecordKind[]>()
  for (const kind of ctx.catalogue.kinds.values())
    byCategory.set(kind.category, [...(byCategory.get(kind.category) ?? []), kind])

  const sources: { source: SourcePrincipal; kinds: RecordKind[]; apiKey: string }[] = []
  for (const demo of demoSources) {
    const kinds = demo.categories.flatMap((c) => byCategory.get(c) ?? [])
    if (kinds.length === 0) continue
    const { source, apiKey } = await addSource(
      ctx.database,
      ctx.clock,
      systemActor,
      {
        name: demo.name,
        displayName: demo.displayName,
        agencyType: demo.agencyType,
        allowedKinds: kinds.map((k) => k.code),
      },
      kindCodes,
    )
    sources.push({
      source: {
        sourceId: source.sourceId,
        name: source.name,
        isGovernment: source.isGovernment,
        allowedKinds: new Set(source.allowedKinds),
      },
      kinds,
      apiKey,
    })
  }
  const officer = await issueOfficerKey(ctx.database, ctx.clock, systemActor, 'demo officer')

  const today = ctx.clock.now()
  const daysAgo = (max: number) => chinaDate(new Date(today.getTime() - Math.floor(1 + random() * max) * 86_400_000))
  type Subject = { uscc?: string; residentId?: string; name: string; type: string }
  const subjects: Subject[] = []
  const organisationCount = options.organisations ?? 300
  for (let i = 0; i < organisationCount; i++) {
    const division = pick(random, DIVISIONS)
    const roll = random()
    if (roll < 0.08) {
      const category = random() < 0.5 ? '1' : '2'
      subjects.push({
        uscc: makeUscc(random, { registrationAuthority: '1', category, divisionCode: division }),
        name: `福州市${pick(random, PLACES)}区${pick(random, BODIES)}`,
        type: 'public_body',
      })
    } else if (roll < 0.2) {
      subjects.push({
        uscc: makeUscc(random, { registrationAuthority: '9', category: '2', divisionCode: division }),
        name: `${pick(random, PLACES)}${pick(random, SURNAMES)}记${pick(random, TRADES)[0]}店`,
        type: 'individual_business',
      })
    } else {
      const trade = pick(random, TRADES)
      subjects.push({
        uscc: makeUscc(random, { registrationAuthority: '9', category: '1', divisionCode: division }),
        name: `福州${pick(random, PLACES)}${trade[0]}有限公司`,
        type: 'enterprise',
      })
    }
  }
  const personCount = options.persons ?? 60
  for (let i = 0; i < personCount; i++) {
    subjects.push({
      residentId: makeResidentId(random, { addressCode: pick(random, DIVISIONS) }),
      name: pick(random, SURNAMES) + pick(random, GIVEN),
      type: 'person',
    })
  }

  let records = 0
  let n = 0
  let sample: Subject | undefined
  const borrowers: Subject[] = []
  for (const { source, kinds } of sources) {
    const items: IngestItem[] = []
    for (const kind of kinds) {
      const eligible = subjects.filter((s) => kind.subjectTypes.includes(s.type as never))
      if (eligible.length === 0) continue
      const count = Math.max(3, Math.round(eligible.length * (kind.polarity === 'negative' ? 0.08 : 0.25)))
      for (let i = 0; i < count; i++) {
        const subject = pick(random, eligible)
        if (!sample && subject.type === 'enterprise') sample = subject
        if (subject.type === 'person' && kind.category === 'finance') borrowers.push(subject)
        const fields = demoFields(kind, random, n)
        if (!fields) continue
        const decidedOn = daysAgo(kind.polarity === 'negative' ? 900 : 1500)
        items.push({
          line: ++n,
          input: {
            sourceRecordId: `${kind.code}-${String(n).padStart(6, '0')}`,
            kind: kind.code,
            subject: subject.uscc
              ? { uscc: subject.uscc, name: subject.name }
              : { residentId: subject.residentId, name: subject.name },
            decidedOn,
            conductEndedOn: kind.polarity === 'negative' ? decidedOn : null,
            fields,
          },
        })
      }
    }
    const summary = await ingest(recordsContext, source, { type: 'source', id: source.name }, items, {
      onRejected: (r) => {
        throw new Error(`demo record on line ${r.line} was refused: ${r.code} ${r.detail} ${JSON.stringify(r.errors)}`)
      },
    })
    records += summary.accepted
  }
  if (!sample?.uscc) throw new Error('the demo produced no enterprise record')

  // Relying parties: a bank (lending purposes) and a procurement centre; one person with a loan
  // has given the bank written consent for a credit application check.
  const bank = await addRelyingParty(ctx.database, ctx.clock, systemActor, {
    name: 'minjiang-bank-lending',
    displayName: '闽江商业银行 信贷部 Minjiang Commercial Bank, lending',
    partyType: 'lender',
    purposes: ['credit_application', 'account_review'],
  })
  const procurement = await addRelyingParty(ctx.database, ctx.clock, systemActor, {
    name: 'fujian-procurement-centre',
    displayName: '福建省政府采购中心 Fujian Government Procurement Centre',
    partyType: 'procurement_office',
    purposes: ['public_procurement_check', 'licensing_check'],
  })
  const borrower = borrowers[0]
  if (!borrower?.residentId) throw new Error('the demo produced no loan account of a person')
  const samplePersonId = subjectIdOf(ctx.keys.index, { kind: 'person', residentId: borrower.residentId })
  const officerAccount = await createStaffAccount(ctx.database, ctx.clock, systemActor, {
    username: 'demo.officer',
    displayName: '演示 信用官员 Demo officer',
    role: 'officer',
  })
  const auditorAccount = await createStaffAccount(ctx.database, ctx.clock, systemActor, {
    username: 'demo.auditor',
    displayName: '演示 审计人员 Demo auditor',
    role: 'auditor',
  })
  const personPassword = generatePassword()
  const personAccount = await registerSubjectAccount(ctx.database, ctx.clock, ctx.keys, {
    username: 'demo.person',
    password: personPassword,
    displayName: borrower.name,
    subject: { residentId: borrower.residentId, name: borrower.name },
  })
  await verifySubjectAccount(ctx.database, ctx.clock, systemActor, personAccount.accountId)
  await grantConsent(ctx.database, ctx.clock, systemActor, {
    subjectId: samplePersonId,
    relyingParty: bank.relyingParty.name,
    purpose: 'credit_application',
    expiresAt: new Date(today.getTime() + 180 * 86_400_000),
    evidence: 'demo: signed credit report authorisation',
  })
  // the person objects to one of their records: it shows as under objection, and its source has it in its queue
  const financeKinds = [...ctx.catalogue.kinds.values()].filter((k) => k.category === 'finance').map((k) => k.code)
  const objected = await firstRecordOfKinds(ctx.database.db, samplePersonId, financeKinds)
  // the staff of that source and of the bank sign in to their consoles (/source, /relying-party)
  const clerks: DemoResult['accounts'] = []
  for (const [role, username, displayName, body] of [
    [
      'source',
      'demo.source',
      '演示 报送员 Demo source clerk',
      objected ? { role: 'source' as const, sourceName: objected.source_name } : undefined,
    ],
    [
      'relying_party',
      'demo.bank',
      '演示 信贷员 Demo bank clerk',
      { role: 'relying_party' as const, relyingPartyName: bank.relyingParty.name },
    ],
  ] as const) {
    if (!body) continue
    clerks.push({
      role,
      username,
      password: (await createStaffAccount(ctx.database, ctx.clock, systemActor, { username, displayName, ...body }))
        .password,
    })
  }
  if (objected) {
    await fileObjection(
      recordsContext,
      { type: 'subject', id: personAccount.accountId },
      samplePersonId,
      {
        recordId: objected.record_id,
        reasons:
          '该笔贷款已于上月提前结清，记录中的余额有误。 The loan was repaid in full last month; the balance shown is wrong.',
        evidence: [{ description: '银行结清证明 Bank settlement certificate', documentName: 'settlement.pdf' }],
        statement: '本人已结清该笔贷款。 I have repaid this loan in full.',
      },
      { onBehalf: false },
    )
  }
  // a department that checks for measures, and an enterprise whose court record is proposed for the
  // judgment-defaulter list and noticed: its objection window is open
  const departments: DemoResult['departments'] = []
  const domains = ['high_consumption', 'public_procurement']
  const department = await addDepartment(ctx.database, ctx.clock, systemActor, {
    name: 'fujian-railway-ticketing',
    displayName: '铁路客票 Railway ticketing (high-consumption restriction)',
    domains,
  })
  departments.push({ name: 'fujian-railway-ticketing', apiKey: department.apiKey, domains })
  const listsContext = { ...recordsContext, ...ctx.lists }
  const basis = await firstRecordOfKindOn(ctx.database.db, 'judgment_defaulter', 'enterprise')
  if (basis) {
    const demoOfficer = { actor: systemActor, name: '演示 信用官员 Demo officer' }
    const entry = await proposeEntry(listsContext, demoOfficer, {
      subjectId: basis.subject_id,
      listKind: 'judgment_defaulters',
      criterion: 'able_to_pay_but_refuses',
      basisRecordId: basis.record_id,
      reasons: '判决确定的给付义务逾期未履行，且有履行能力 The judgment debt is overdue and the debtor is able to pay',
    })
    await noticeEntry(
      listsContext,
      demoOfficer,
      entry.entryId,
      '书面告知列入理由、依据和异议权利 Written notice of the reasons, the legal basis and the right to object',
    )
  }
  // a published lending scorecard, so that POST /v1/scores answers (the borrower above has consented)
  const scoreModel = await publishModel(
    { database: ctx.database, clock: ctx.clock, protectedList: loadProtectedList() },
    systemActor,
    {
      purpose: 'credit_application',
      model: demoScorecard(),
      reasons: '演示评分卡，以合成数据拟合 A demo scorecard fitted on synthetic data',
    },
  )
  return {
    departments,
    scoreModel: { name: scoreModel.name, inputs: scoreModel.inputs },
    organisations: organisationCount,
    persons: personCount,
    records,
    officerKey: officer.apiKey,
    sources: sources.map((s) => ({ name: s.source.name, apiKey: s.apiKey })),
    relyingParties: [
      { name: bank.relyingParty.name, apiKey: bank.apiKey },
      { name: procurement.relyingParty.name, apiKey: procurement.apiKey },
    ],
    samplePersonId,
    accounts: [
      { role: 'officer', username: 'demo.officer', password: officerAccount.password },
      { role: 'auditor', username: 'demo.auditor', password: auditorAccount.password },
      { role: 'subject', username: 'demo.person', password: personPassword },
      ...clerks,
    ],
    sampleSubjectId: subjectIdOf(ctx.keys.index, { kind: 'organisation', uscc: sample.uscc }),
  }
}
