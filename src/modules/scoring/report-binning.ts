/** The validation report's section of binning tables (binning-table.ts): one table per feature of every card. */
import { binningCells, binningTable } from './binning-table.ts'
import { cardsOf, type Model } from './scorecard.ts'

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function binningTablesHtml(model: Model): string {
  const cards = cardsOf(model)
  return `<h2>Binning tables (development sample)</h2>
<p>Each feature's bins as fitted: rows and their share, goods, bads, bad rate, weight of evidence, information value, Jensen-Shannon divergence; the quality score combines the information value, the significance of adjacent bins' differences and how evenly the rows spread (docs/scoring.md).</p>
${cards
  .map(
    (card) =>
      `${cards.length > 1 ? `<h3>${esc(card.name)}</h3>` : ''}${card.features
        .map((f) => {
          const t = binningTable(f.bins)
          const [head, ...body] = binningCells(t)
          return `<h4>${esc(f.name)}${f.trend ? ` (${f.trend === 'fixed' ? 'fixed splits' : `trend ${f.trend}`})` : ''}: IV ${t.total.iv.toFixed(3)}, quality ${t.total.quality.toFixed(3)}</h4><div style="overflow-x:auto"><table><tr>${head!.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${body.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</table></div>`
        })
        .join('')}`,
  )
  .join('')}`
}
