/**
 * The scores given about a person, as the person reads them (GET /v1/me/scores): each with who asked and why,
 * the score and its band, the reasons that cost the most points and every value the score used, each named
 * in both languages (the characteristic computed from the file, or the element of the credit file a lender
 * sent) — never a code. Built from the `score.made` inquiries and the published models they name.
 */
import type { Db } from '../../db/database.ts'
import { listSubjectEvents } from '../../platform/audit.ts'
import { DATA_ELEMENTS, type LocalisedText } from '../catalogue/index.ts'
import { isPurpose, purposeRules } from '../access/index.ts'
import { characteristicName, characteristicValueText, type Characteristic } from './characteristics.ts'
import type { ModelInput } from './features.ts'
import { cardsOf, type Model } from './scorecard.ts'
import * as repo from './scoring.repository.ts'

export interface PersonScore {
  at: string
  by: string
  purpose: LocalisedText
  model: { modelId: string; name: string; version: number }
  score: number
  band: { code: string; name: LocalisedText }
  /** what cost the most points, largest first */
  reasons: { label: LocalisedText; pointsLost: number }[]
  /** every value the score used: from the file, or sent by the lender */
  values: { label: LocalisedText; value: LocalisedText; fromFile: boolean }[]
}

export const BAND_NAMES: Record<string, LocalisedText> = {
  A: { zh: '风险很低', en: 'very low risk' },
  B: { zh: '风险较低', en: 'low risk' },
  C: { zh: '风险中等', en: 'moderate risk' },
  D: { zh: '风险较高', en: 'high risk' },
  E: { zh: '风险很高', en: 'very high risk' },
}

const joined = (labels: LocalisedText[]): LocalisedText => ({
  zh: labels.map((l) => l.zh).join('、'),
  en: labels.map((l) => l.en).join(', '),
})

/** An element of the credit file by name (and month of a series), in both languages. */
function elementLabel(ref: { element: string; month?: number }): LocalisedText {
  const e = DATA_ELEMENTS.get(ref.element)
  const name = e?.name ?? { zh: '（已不在数据元目录中的数据项）', en: '(an element no longer in the dictionary)' }
  return ref.month === undefined
    ? name
    : {
        zh: `${name.zh}（${ref.month === 1 ? '最近一个月' : `倒数第${ref.month}个月`}）`,
        en: `${name.en} (${ref.month === 1 ? 'the latest month' : `month ${ref.month} back`})`,
      }
}

/** How a model names its columns and features to the person. */
function labelsOf(model: Model) {
  const characteristics: Record<string, Characteristic> = {}
  const inputs: Record<string, ModelInput> = {}
  for (const card of cardsOf(model)) {
    Object.assign(characteristics, card.characteristics ?? {})
    Object.assign(inputs, (card.inputs as Record<string, ModelInput> | undefined) ?? {})
  }
  const column = (c: string): LocalisedText =>
    Object.hasOwn(characteristics, c)
      ? characteristicName(characteristics[c]!)
      : Object.hasOwn(inputs, c)
        ? elementLabel(inputs[c]!)
        : { zh: '（模型未说明的数据项）', en: '(an item the model does not name)' }
  const derived = new Map(cardsOf(model).flatMap((card) => card.derived.map((d) => [d.name, d] as const)))
  /** a feature by what it reads: a column by its name, a derived feature by the names of the columns it combines */
  const feature = (name: string, depth = 0): LocalisedText => {
    const d = derived.get(name)
    if (!d || depth > derived.size) return column(name)
    return joined(d.columns.map((c) => feature(c, depth + 1)))
  }
  const value = (c: string, v: number | string | null): LocalisedText => {
    if (Object.hasOwn(characteristics, c))
      return characteristicValueText(characteristics[c]!, typeof v === 'number' ? v : null)
    if (v === null || v === '') return { zh: '未提供', en: 'not given' }
    const e = Object.hasOwn(inputs, c) ? DATA_ELEMENTS.get(inputs[c]!.element) : undefined
    const codes = e?.value.type === 'code' ? e.value.values : undefined
    const code =
      Object.hasOwn(inputs, c) && inputs[c]!.values?.[String(v)] !== undefined
        ? inputs[c]!.values![String(v)]!
        : String(v)
    if (codes && Object.hasOwn(codes, code)) return { zh: codes[code]![0], en: codes[code]![1] }
    return { zh: String(v), en: String(v) }
  }
  return { column, feature, value, isFromFile: (c: string) => Object.hasOwn(characteristics, c) }
}

/** Every score given about the person, newest first, as the person reads it. */
export async function listPersonScores(db: Db, subjectId: string): Promise<PersonScore[]> {
  const events = await listSubjectEvents(db, subjectId, ['score.made'])
  const models = new Map<string, ReturnType<typeof labelsOf> | undefined>()
  const out: PersonScore[] = []
  for (const e of events) {
    const p = e.payload
    const modelId = String(p.modelId)
    if (!models.has(modelId)) {
      const row = await repo.findModelRow(db, modelId)
      models.set(modelId, row ? labelsOf(row.content as unknown as Model) : undefined)
    }
    const labels = models.get(modelId)
    const purpose = String(p.purpose)
    // the features that cost points (scores made before issue 19 recorded only the reasons' codes: not shown)
    const reasons = Array.isArray(p.reasonFeatures) ? (p.reasonFeatures as string[]) : []
    const values = (p.values ?? {}) as Record<string, number | string | null>
    out.push({
      at: e.occurredAt,
      by: String(p.relyingPartyName),
      purpose: isPurpose(purpose) ? purposeRules[purpose].name : { zh: purpose, en: purpose },
      model: { modelId, name: String(p.model), version: Number(p.version) },
      score: Number(p.score),
      band: { code: String(p.band), name: BAND_NAMES[String(p.band)] ?? { zh: String(p.band), en: String(p.band) } },
      reasons: labels
        ? reasons.map((f, i) => ({
            label: labels.feature(f),
            pointsLost: Array.isArray(p.reasonPoints) ? Number(p.reasonPoints[i]) : 0,
          }))
        : [],
      values: labels
        ? Object.entries(values).map(([c, v]) => ({
            label: labels.column(c),
            value: labels.value(c, v),
            fromFile: labels.isFromFile(c),
          }))
        : [],
    })
  }
  return out
}
