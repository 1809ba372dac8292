import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  inclusionRanges,
  leafHash,
  rangeNodes,
  rootFromLeaves,
  TreeBuilder,
  verifyInclusion,
  type Hash,
} from './merkle.ts'
import {
  entryBundle,
  parseTilePath,
  readEntryBundle,
  tileNodes,
  tilePath,
  TileReader,
  tileWidthIn,
  type Tile,
} from './tiles.ts'

test("tile paths as c2sp.org/tlog-tiles spells them (golang.org/x/mod/sumdb/tlog's, without the height)", () => {
  // Go's tilePaths table, its height dropped from the path: tile/3/5/x123/x456/078 is level 5 there
  const cases: [string, Tile, number][] = [
    ['tile/0/001', { level: 0, index: 1, width: 16 }, 4],
    ['tile/0/001.p/5', { level: 0, index: 1, width: 5 }, 4],
    ['tile/5/x123/x456/078', { level: 5, index: 123456078, width: 8 }, 3],
    ['tile/5/x123/x456/078.p/2', { level: 5, index: 123456078, width: 2 }, 3],
    ['tile/0/x003/x057/500', { level: 0, index: 3057500, width: 2 }, 1],
    ['tile/entries/x003/x057/500', { level: 'entries', index: 3057500, width: 2 }, 1],
    // the spec's example, at height 8
    ['tile/0/x001/x234/067', { level: 0, index: 1234067, width: 256 }, 8],
    ['tile/63/000.p/255', { level: 63, index: 0, width: 255 }, 8],
    ['tile/entries/x001/000.p/1', { level: 'entries', index: 1000, width: 1 }, 8],
    ['tile/1/999', { level: 1, index: 999, width: 256 }, 8],
  ]
  for (const [path, tile, height] of cases) {
    assert.equal(tilePath(tile, height), path)
    assert.deepEqual(parseTilePath(path, height), tile, path)
  }
  const malformed = [
    'tile/5/123/456/078', // groups but the last begin with x
    'tile/-1/000',
    'tile/64/000',
    'tile/01/000',
    'tile/data/000',
    'tile/entries/entries/000',
    'tile/0/x000/001', // the same tile as tile/0/001: one spelling only
    'tile/0/1',
    'tile/0/0001',
    'tile/0/x001',
    'tile/0/x001/x002',
    'tile/0/001/',
    'tile/0/',
    'tile/0/001.p/0',
    'tile/0/001.p/256',
    'tile/0/001.p/05',
    'tile/0/001.p/',
    'tile/0/001.p',
    'tile/0/001.p/5/6',
    'tile/0/x001/x002/x003/x004/x005/006', // beyond 2^53
    'tiles/0/001',
    '/tile/0/001',
    'tile',
    '',
  ]
  for (const path of malformed) assert.equal(parseTilePath(path), null, path)
})

test("the widths of a tree's tiles: full ones of 256, one partial of floor(s / 256^L) mod 256 per level", () => {
  // the spec's examples
  const widths = (size: number, level: number) =>
    Array.from({ length: 300 }, (_, index) => tileWidthIn(size, level, index)).filter((w) => w > 0)
  const of70000 = [0, 1, 2, 3].map((level) => widths(70_000, level))
  assert.deepEqual(
    of70000.map((w) => w.filter((x) => x === 256).length),
    [273, 1, 0, 0],
  )
  assert.deepEqual(
    of70000.map((w) => w.filter((x) => x < 256)),
    [[112], [17], [1], []],
  )
  assert.deepEqual(
    [0, 1, 2].map((level) => widths(256, level)),
    [[256], [1], []],
  )
  // around the edge of the first tile
  assert.deepEqual(
    [255, 256, 257].map((size) => [widths(size, 0), widths(size, 1)]),
    [
      [[255], []],
      [[256], [1]],
      [[256, 1], [1]],
    ],
  )
  assert.deepEqual(widths(0, 0), [])
  assert.equal(tileWidthIn(257, 'entries', 1), 1)
  assert.deepEqual(tileNodes({ level: 1, index: 2, width: 17 }), { level: 8, from: 512, count: 17 })
})

test('entry bundles: big-endian uint16 lengths, then the bytes', () => {
  const entries = [Buffer.from('a'), Buffer.alloc(0), Buffer.alloc(0xffff, 7), Buffer.from('{"seq":1}')]
  const bundle = entryBundle(entries)
  assert.deepEqual(bundle.subarray(0, 5), Buffer.from([0, 1, 0x61, 0, 0]))
  assert.deepEqual(bundle.subarray(5, 7), Buffer.from([0xff, 0xff]))
  assert.deepEqual(readEntryBundle(bundle), entries)
  assert.throws(() => entryBundle([Buffer.alloc(0x10000)]), /65535/)
  assert.throws(() => readEntryBundle(bundle.subarray(0, -1)), /inside an entry/)
  assert.throws(() => readEntryBundle(Buffer.from([0])), /inside a length/)
})

/** Every hash tile of the tree of `leaves` at `height`, built the way the log stores hashes: from the builder's perfect subtrees. */
function tilesOf(
  leaves: readonly Hash[],
  height: number,
): { fetch: (tile: Tile & { level: number }) => Promise<Buffer>; fetched: string[] } {
  const byLevel = new Map<number, Hash[]>()
  const builder = new TreeBuilder()
  for (const leaf of leaves)
    builder.append(leaf, (node, hash) => {
      const level = byLevel.get(node.level) ?? []
      level[node.index] = hash
      byLevel.set(node.level, level)
    })
  const fetched: string[] = []
  return {
    fetched,
    fetch: async (tile) => {
      fetched.push(tilePath(tile, height))
      const { level, from, count } = tileNodes(tile, height)
      const hashes = (byLevel.get(level) ?? []).slice(from, from + count)
      assert.equal(hashes.length, count, `${tilePath(tile, height)} asked beyond the tree`)
      return Buffer.concat(hashes)
    },
  }
}

test('from its tiles alone, a reader computes the root and every inclusion proof, at every size around tile edges', async () => {
  const all = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)))
  for (const height of [1, 2, 3]) {
    for (let size = 0; size <= all.length; size++) {
      const leaves = all.slice(0, size)
      const root = rootFromLeaves(leaves)
      const tiles = tilesOf(leaves, height)
      const reader = new TileReader(size, tiles.fetch, height)
      assert.deepEqual(await reader.root(), root, `height ${height}, size ${size}`)
      for (let index = 0; index < size; index++) {
        const { leafHash: leaf, proof } = await reader.inclusionProof(index)
        assert.deepEqual(leaf, leaves[index])
        assert.equal(proof.length, inclusionRanges(index, size).length)
        assert.ok(verifyInclusion(index, size, leaf, proof, root), `height ${height}, size ${size}, leaf ${index}`)
      }
      // each tile once, at the width this size gives it
      assert.equal(new Set(tiles.fetched).size, tiles.fetched.length)
      for (const path of tiles.fetched) {
        const tile = parseTilePath(path, height)!
        assert.equal(tile.width, tileWidthIn(size, tile.level, tile.index, height), path)
      }
    }
  }
})

test('a reader refuses a tile of the wrong length and nodes outside its tree', async () => {
  const leaves = Array.from({ length: 5 }, (_, i) => leafHash(Buffer.from([i])))
  const short = new TileReader(5, async () => Buffer.alloc(3 * 32), 2)
  await assert.rejects(short.root(), / is 96 bytes, not (32|128)$/)
  const reader = new TileReader(5, tilesOf(leaves, 2).fetch, 2)
  await assert.rejects(reader.nodeHash({ level: 0, index: 5 }), /not in a tree of 5/)
  await assert.rejects(reader.nodeHash({ level: 3, index: 0 }), /not in a tree of 5/)
  assert.deepEqual(await reader.nodeHash(rangeNodes([0, 5])[0]!), rootFromLeaves(leaves.slice(0, 4)))
})
