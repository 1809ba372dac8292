import { readFileSync } from 'node:fs'
import { FORBIDDEN_TERM_SETS, findTerms } from './src/modules/catalogue/terms.ts'
const files = process.argv.slice(2)
for (const f of files) {
  const src = readFileSync(f, 'utf8')
  const lines = src.split('\n')
  lines.forEach((line, i) => {
    if (!/reason|feedback|explanation|statement/i.test(line)) return
    for (const m of line.matchAll(/'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`|"((?:[^"\\]|\\.)*)"/g)) {
      const t = m[1] ?? m[2] ?? m[3] ?? ''
      const hits = findTerms(t, FORBIDDEN_TERM_SETS)
      if (hits.length) console.log(`${f}:${i + 1}: ${JSON.stringify(t).slice(0, 120)} -> ${hits.map((h) => h.set.id + ':' + h.term).join(',')}`)
    }
  })
}
