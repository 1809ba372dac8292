/**
 * bench/scoring/fetch-data.ts: the two credit data sets of bench/scoring that are not openly licensed, so not
 * in the repository: where they are, their SHA-256, and how each file becomes the CSV the specs
 * (catalogue/scorecards/) map. Nothing of either file is committed.
 *   npx node bench/scoring/fetch-data.ts [--out bench/out/data] [--from DIR]
 * Downloads each file from its public address (or reads it from --from DIR, by its file name), refuses it
 * unless its SHA-256 is the one below, and writes OUT/hmeq.csv and OUT/heloc.csv.
 *
 * - HMEQ (home-equity loans, 5,960 rows; SAS's sample data, redistributed in many repositories; no open licence):
 *   CLAGE (months) and DEBTINC (percent) are written as whole numbers, as a credit file holds an age in months
 *   and a ratio in whole percent (the elements oldestCreditLineAgeMonths and debtToIncomePercent); every other
 *   value is the file's.
 * - HELOC (FICO's Explainable Machine Learning Challenge, 10,459 rows; FICO's terms, no open licence): the copy
 *   in aquemy/HCBR is FICO's file without its header, space-separated, the outcome 1 for Bad; the header is
 *   put back with FICO's column names. -9 (no credit-bureau record, or none investigated) is written empty:
 *   missing; -7 (condition not met: no delinquency, no inquiry) and -8 (no usable trades) stay, special
 *   values the spec declares.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'bench/out/data' }, from: { type: 'string' } },
})

const HELOC_COLUMNS = [
  'RiskPerformance',
  'ExternalRiskEstimate',
  'MSinceOldestTradeOpen',
  'MSinceMostRecentTradeOpen',
  'AverageMInFile',
  'NumSatisfactoryTrades',
  'NumTrades60Ever2DerogPubRec',
  'NumTrades90Ever2DerogPubRec',
  'PercentTradesNeverDelq',
  'MSinceMostRecentDelq',
  'MaxDelq2PublicRecLast12M',
  'MaxDelqEver',
  'NumTotalTrades',
  'NumTradesOpeninLast12M',
  'PercentInstallTrades',
  'MSinceMostRecentInqexcl7days',
  'NumInqLast6M',
  'NumInqLast6Mexcl7days',
  'NetFractionRevolvingBurden',
  'NetFractionInstallBurden',
  'NumRevolvingTradesWBalance',
  'NumInstallTradesWBalance',
  'NumBank2NatlTradesWHighUtilization',
  'PercentTradesWBalance',
]

const SETS = [
  {
    name: 'hmeq',
    url: 'https://raw.githubusercontent.com/vidush-dixit/hmeq/10502cb3f6979187efc864198711d3a710f12d86/dataset/hmeq.csv',
    sha256: '8a2e0b53075ad8e9c8ab1d1a1c0f56b9791b29ade1fc182f9ea7365a2f5044f7',
    prepare(text: string): string {
      const [header, ...rows] = text.trim().split(/\r?\n/)
      const names = header!.split(',')
      const whole = ['CLAGE', 'DEBTINC'].map((c) => names.indexOf(c))
      return [
        header,
        ...rows.map((line) =>
          line
            .split(',')
            .map((v, k) => (whole.includes(k) && v !== '' ? String(Math.round(Number(v))) : v))
            .join(','),
        ),
      ].join('\n')
    },
  },
  {
    name: 'heloc',
    url: 'https://raw.githubusercontent.com/aquemy/HCBR/bc61cf0ca0629119c8d29b146890873f92a46835/data/heloc_dataset_v1.csv',
    sha256: 'b41cd851c358206949ba14c4664309f64213f9bdd0784ae49b1988a6401c42fa',
    prepare(text: string): string {
      const rows = text
        .trim()
        .split(/\r?\n/)
        .map((line) =>
          line
            .trim()
            .split(/\s+/)
            .map((v) => (v === '-9' ? '' : v))
            .join(','),
        )
      return [HELOC_COLUMNS.join(','), ...rows].join('\n')
    },
  },
]

await mkdir(values.out, { recursive: true })
for (const set of SETS) {
  const file = set.url.slice(set.url.lastIndexOf('/') + 1)
  const bytes = values.from
    ? await readFile(`${values.from}/${file}`)
    : Buffer.from(await (await fetch(set.url)).arrayBuffer())
  const hash = createHash('sha256').update(bytes).digest('hex')
  if (hash !== set.sha256) {
    console.error(
      `fides: ${set.name}: ${file} has SHA-256 ${hash}, not ${set.sha256}: not the file the bench was run on`,
    )
    process.exit(1)
  }
  const out = `${values.out}/${set.name}.csv`
  await writeFile(out, set.prepare(bytes.toString('utf8')) + '\n')
  console.log(`${out}: from ${values.from ? `${values.from}/${file}` : set.url} (SHA-256 checked)`)
}
