/**
 * Generates N valid credit records as NDJSON (default 1,000,000): ~10 records per subject, 90 %
 * organisations and 10 % persons, a realistic mix of kinds (many licences and loan accounts, fewer
 * penalties, rare court and list records), fields from each kind's samples (the dictionary's examples) with varied values.
 * Deterministic for a given seed. Streams to disk: memory is flat.
 *   node bench/ingest/generate.ts [--records N] [--out FILE] [--seed S]
 */
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import { kindSample, loadCatalogue, type RecordKind } from '../../src/modules/catalogue/index.ts'
import { makeResidentId, makeUscc, seededRandom } from '../../src/modules/identifiers/index.ts'

/** Relative frequency of each category in a national sharing platform's intake. */
const categoryWeight: Record<string, number> = {
  licensing: 30,
  finance: 25,
  tax: 12,
  administrative_penalties: 10,
  commendations: 5,
  market_supervision: 4,
  judicial: 4,
  labour: 2,
  product_safety: 2,
  environment: 2,
  public_procurement: 2,
  public_contracts: 2,
}

export interface GenerateOptions {
  records: number
  out: string
  seed: number
}

export async function generate({ records, out, seed }: GenerateOptions): Promise<void> {
  const catalogue = await loadCatalogue()
  const random = seededRandom(seed)
  const kinds = catalogue.kinds
  const forPersons = kinds.filter((k) => k.subjectTypes.includes('person'))
  const forOrganisations = kinds.filter((k) => k.subjectTypes.includes('enterprise'))
  const forPublicBodies = kinds.filter((k) => k.subjectTypes.includes('public_body'))
  const cumulative = (list: RecordKind[]) => {
    let sum = 0
    const table = list.map((k) => [(sum += categoryWeight[k.category] ?? 1), k] as const)
    return () => {
      const r = random() * sum
      return table.find(([w]) => r < w)![1]
    }
  }
  const pickPerson = cumulative(forPersons)
  const pickOrganisation = cumulative(forOrganisations)
  const pickPublicBody = cumulative(forPublicBodies)
  await mkdir(dirname(out), { recursive: true })
  const stream = createWriteStream(out)
  let written = 0
  let subjectNo = 0
  // decisions from the last ~2.5 years (every kind keeps its records at least 3 years), counted from
  // today so that the file is never past retention when it is imported: the importer refuses those
  const today = new Date()
  const base = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 920 * 86_400_000
  while (written < records) {
    subjectNo++
    const roll = random()
    const subject =
      roll < 0.1
        ? { residentId: makeResidentId(random), name: '测试' + subjectNo }
        : roll < 0.13
          ? { uscc: makeUscc(random, { registrationAuthority: '1', category: '1' }), name: `第${subjectNo}号机关` }
          : {
              uscc: makeUscc(random, { registrationAuthority: '9', category: '1' }),
              name: `福州第${subjectNo}号实业有限公司`,
            }
    const pick = roll < 0.1 ? pickPerson : roll < 0.13 ? pickPublicBody : pickOrganisation
    const perSubject = 5 + Math.floor(random() * 11)
    for (let i = 0; i < perSubject && written < records; i++) {
      const kind = pick()
      const fields = kindSample(kind, written)
      for (const [key, value] of Object.entries(fields)) {
        if (typeof value === 'number' && value > 0 && kind.fields.properties[key]?.type === 'number')
          fields[key] = Math.round(value * (0.5 + random()) * 100) / 100
      }
      const decidedOn = new Date(base + Math.floor(random() * 900) * 86_400_000).toISOString().slice(0, 10)
      const line =
        JSON.stringify({
          sourceRecordId: `B${String(written).padStart(8, '0')}`,
          kind: kind.code,
          subject,
          decidedOn,
          conductEndedOn: kind.polarity === 'negative' ? decidedOn : null,
          fields,
        }) + '\n'
      written++
      if (!stream.write(line)) await once(stream, 'drain')
    }
  }
  stream.end()
  await once(stream, 'finish')
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '1000000' },
      out: { type: 'string', default: 'bench/out/records-1m.ndjson' },
      seed: { type: 'string', default: '7' },
    },
  })
  const started = performance.now()
  await generate({ records: Number(values.records), out: values.out, seed: Number(values.seed) })
  process.stderr.write(
    `wrote ${values.records} records to ${values.out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  )
}
