// Sample records of a kind, built from the dictionary's examples: the demo, the tests and the benchmarks use them.
import type { RecordKind } from './catalogue.ts'
import { DATA_ELEMENTS } from './dictionary/index.ts'
import { sampleFields } from './elements.ts'

/** The `n`th sample `fields` of a kind (samples cycle through each element's examples); valid by construction. */
export function kindSample(kind: Pick<RecordKind, 'elements'>, n = 0): Record<string, unknown> {
  return sampleFields(kind.elements, DATA_ELEMENTS, n)
}
