import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import {
  consistencyRanges,
  EMPTY_ROOT,
  inclusionRanges,
  leafHash,
  nodeHash,
  rangeHash,
  rangeNodes,
  rootFromLeaves,
  TreeBuilder,
  verifyConsistency,
  verifyInclusion,
  type Hash,
  type NodeId,
  type Range,
} from './merkle.ts'

const hex = (h: Uint8Array) => Buffer.from(h).toString('hex')
const unhex = (s: string) => Buffer.from(s, 'hex')

// The Certificate Transparency reference tree (RFC 6962 implementations' shared test data): eight
// leaves, the root of every prefix, and published inclusion and consistency proofs.
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(unhex)
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]
const CT_INCLUSION: { index: number; size: number; proof: string[] }[] = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 0, size: 1, proof: [] },
]
const CT_CONSISTENCY: { first: number; second: number; proof: string[] }[] = [
  { first: 1, second: 1, proof: [] },
  {
    first: 1,
    second: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    first: 6,
    second: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    first: 2,
    second: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
]

/**
 * An independent tiny implementation, written straight from the RFC's recursive definitions over the
 * leaf data itself (no node ids, no folding, no iteration): what the real one is checked against.
 */
const reference = {
  sha: (...parts: Uint8Array[]) => {
    const h = createHash('sha256')
    for (const p of parts) h.update(p)
    return h.digest()
  },
  k: (n: number) => {
    let k = 1
    while (k * 2 < n) k *= 2
    return k
  },
  mth(d: readonly Uint8Array[]): Buffer {
    if (d.length === 0) return reference.sha()
    if (d.length === 1) return reference.sha(Buffer.from([0]), d[0]!)
    const k = reference.k(d.length)
    return reference.sha(Buffer.from([1]), reference.mth(d.slice(0, k)), reference.mth(d.slice(k)))
  },
  path(m: number, d: readonly Uint8Array[]): Buffer[] {
    if (d.length <= 1) return []
    const k = reference.k(d.length)
    return m < k
      ? [...reference.path(m, d.slice(0, k)), reference.mth(d.slice(k))]
      : [...reference.path(m - k, d.slice(k)), reference.mth(d.slice(0, k))]
  },
  subproof(m: number, d: readonly Uint8Array[], b: boolean): Buffer[] {
    if (m === d.length) return b ? [] : [reference.mth(d)]
    const k = reference.k(d.length)
    return m <= k
      ? [...reference.subproof(m, d.slice(0, k), b), reference.mth(d.slice(k))]
      : [...reference.subproof(m - k, d.slice(k), false), reference.mth(d.slice(0, k))]
  },
}

/** A tree held in memory as every perfect subtree hash, the way a log stores its nodes. */
function storedTree(data: readonly Uint8Array[]) {
  const nodes = new Map<string, Hash>()
  const builder = new TreeBuilder()
  for (const d of data) builder.append(leafHash(d), (node, hash) => nodes.set(`${node.level}/${node.index}`, hash))
  const get = (n: NodeId) => {
    const h = nodes.get(`${n.level}/${n.index}`)
    if (!h) throw new Error(`node ${n.level}/${n.index} is not stored`)
    return h
  }
  const hashOf = (range: Range) => rangeHash(rangeNodes(range).map(get))
  return {
    builder,
    root: (size: number) => hashOf([0, size]),
    inclusion: (index: number, size: number) => inclusionRanges(index, size).map(hashOf),
    consistency: (first: number, second: number) => consistencyRanges(first, second).map(hashOf),
  }
}

const sample = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`event ${i}`))

test('leaf and node hashes carry the RFC 9162 domain-separation prefixes', () => {
  assert.equal(hex(EMPTY_ROOT), CT_ROOTS[0])
  assert.equal(hex(leafHash(new Uint8Array())), CT_ROOTS[1])
  const [a, b] = [leafHash(Buffer.from('a')), leafHash(Buffer.from('b'))]
  assert.equal(
    hex(nodeHash(a, b)),
    hex(
      createHash('sha256')
        .update(Buffer.concat([Buffer.from([1]), a, b]))
        .digest(),
    ),
  )
})

test('the Certificate Transparency reference roots, for every prefix of the eight leaves', () => {
  const tree = storedTree(CT_LEAVES)
  for (let n = 0; n <= 8; n++) {
    assert.equal(hex(rootFromLeaves(CT_LEAVES.slice(0, n).map(leafHash))), CT_ROOTS[n], `size ${n}`)
    assert.equal(hex(reference.mth(CT_LEAVES.slice(0, n))), CT_ROOTS[n], `reference, size ${n}`)
    if (n > 0) assert.equal(hex(tree.root(n)), CT_ROOTS[n], `from stored nodes, size ${n}`)
  }
})

test('the reference inclusion proofs are produced, and verify', () => {
  const tree = storedTree(CT_LEAVES)
  for (const v of CT_INCLUSION) {
    assert.deepEqual(tree.inclusion(v.index, v.size).map(hex), v.proof, `leaf ${v.index} of ${v.size}`)
    assert.ok(
      verifyInclusion(v.index, v.size, leafHash(CT_LEAVES[v.index]!), v.proof.map(unhex), unhex(CT_ROOTS[v.size]!)),
    )
  }
})

test('the reference consistency proofs are produced, and verify', () => {
  const tree = storedTree(CT_LEAVES)
  for (const v of CT_CONSISTENCY) {
    assert.deepEqual(tree.consistency(v.first, v.second).map(hex), v.proof, `${v.first} -> ${v.second}`)
    assert.ok(
      verifyConsistency(v.first, v.second, unhex(CT_ROOTS[v.first]!), unhex(CT_ROOTS[v.second]!), v.proof.map(unhex)),
    )
  }
})

test('agrees with the independent implementation on every proof of every tree up to 40 leaves', () => {
  const data = sample(40)
  const tree = storedTree(data)
  for (let n = 1; n <= 40; n++) {
    const d = data.slice(0, n)
    assert.equal(hex(tree.root(n)), hex(reference.mth(d)))
    for (let m = 0; m < n; m++)
      assert.deepEqual(tree.inclusion(m, n).map(hex), reference.path(m, d).map(hex), `PATH(${m}, D[${n}])`)
    for (let m = 1; m < n; m++)
      assert.deepEqual(tree.consistency(m, n).map(hex), reference.subproof(m, d, true).map(hex), `PROOF(${m}, D[${n}])`)
  }
})

test('property: in a random log, every inclusion proof verifies and any change to it fails', () => {
  const data = sample(3000)
  const tree = storedTree(data)
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(), fc.nat(), (size, a, which) => {
      const index = a % size
      const root = tree.root(size)
      const leaf = leafHash(data[index]!)
      const proof = tree.inclusion(index, size)
      assert.ok(verifyInclusion(index, size, leaf, proof, root))
      if (size > 1) {
        assert.ok(!verifyInclusion((index + 1) % size, size, leaf, proof, root), 'another position')
        const bent = proof.map((p, i) =>
          i === which % proof.length ? Buffer.from(p.map((byte, j) => (j === 0 ? byte ^ 1 : byte))) : p,
        )
        assert.ok(!verifyInclusion(index, size, leaf, bent, root), 'a changed proof hash')
        assert.ok(!verifyInclusion(index, size, leaf, proof.slice(0, -1), root), 'a shortened proof')
      }
      assert.ok(!verifyInclusion(index, size, leafHash(Buffer.from('forged')), proof, root), 'another leaf')
    }),
    { numRuns: 300 },
  )
})

test('property: any two sizes of a random log are consistent, and a rewritten history is not', () => {
  const data = sample(3000)
  const tree = storedTree(data)
  const rewritten = storedTree(data.map((d, i) => (i === 700 ? Buffer.from('rewritten') : d)))
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (x, y) => {
      const [first, second] = x <= y ? [x, y] : [y, x]
      const firstRoot = first === 0 ? EMPTY_ROOT : tree.root(first)
      const secondRoot = second === 0 ? EMPTY_ROOT : tree.root(second)
      const proof = tree.consistency(first, second)
      assert.ok(verifyConsistency(first, second, firstRoot, secondRoot, proof), `${first} -> ${second}`)
      // a log that changed leaf 700 after publishing a tree that held it cannot prove the new tree consistent
      if (first > 700 && second > first) {
        assert.ok(
          !verifyConsistency(first, second, firstRoot, rewritten.root(second), rewritten.consistency(first, second)),
        )
      }
      if (first > 0 && first < second)
        assert.ok(!verifyConsistency(first, second, secondRoot, firstRoot, proof), 'roots swapped')
    }),
    { numRuns: 300 },
  )
})

test('sizes and positions are checked: no proof for a leaf outside the tree, none backwards in time', () => {
  assert.throws(() => inclusionRanges(5, 5), RangeError)
  assert.throws(() => inclusionRanges(-1, 5), RangeError)
  assert.throws(() => consistencyRanges(6, 5), RangeError)
  assert.deepEqual(consistencyRanges(0, 5), [])
  assert.ok(!verifyInclusion(5, 5, EMPTY_ROOT, [], EMPTY_ROOT))
  assert.ok(!verifyConsistency(3, 2, EMPTY_ROOT, EMPTY_ROOT, []))
  assert.ok(!verifyConsistency(3, 5, EMPTY_ROOT, EMPTY_ROOT, []))
  // positions past 2^32 take the same arithmetic (no 32-bit bit operators)
  const big = 2 ** 40 + 3
  assert.equal(inclusionRanges(big - 1, big).length, 1 + inclusionRanges(2, 3).length)
  assert.equal(inclusionRanges(0, big).length, 41)
  assert.deepEqual(
    rangeNodes([0, big]).map((n) => n.level),
    [40, 1, 0],
  )
})
