/**
 * The log as C2SP tlog-tiles (c2sp.org/tlog-tiles): static resources an off-the-shelf monitor reads
 * with no Fides-specific glue. A tile of height 8 at level L, number N, holds up to 256 consecutive
 * Merkle tree hashes of level 8·L — MTH(D[(N·256 + i)·256^L : (N·256 + i + 1)·256^L]) — i.e. perfect
 * subtrees this log already stores; an entry bundle holds the leaves' data (each entry a big-endian
 * uint16 length and its bytes). A tree of s leaves has, per level, full tiles of 256 and one partial
 * tile of floor(s / 256^L) mod 256 (the `.p/W` suffix). Paths encode N in 3-digit groups, all but the
 * last prefixed with "x" (1234067 → x001/x234/067), as golang.org/x/mod/sumdb/tlog does (there with
 * the height in the path too, which the C2SP layout drops).
 *
 * Pure, and height is a parameter so the tile arithmetic can be tested on small trees; the log serves
 * height 8. `TileReader` is the client side: the root and inclusion proofs of a tree from its tiles alone.
 */
import {
  inclusionRanges,
  rangeHash,
  rangeNodes,
  rootFromLeaves,
  HASH_BYTES,
  type Hash,
  type NodeId,
  type Range,
} from './merkle.ts'

export const TILE_HEIGHT = 8

/** Where the log serves its checkpoint and tiles: `<prefix>/checkpoint`, `<prefix>/tile/…`. */
export const TILES_PREFIX = '/log'

/** The largest entry an entry bundle can hold (its length is a uint16). */
export const MAX_ENTRY_BYTES = 0xffff

/** A tile: hashes of Merkle level `level`·height, or the entry bundle over level 0 ('entries'); `width` of them from number `index`·2^height. */
export interface Tile {
  level: number | 'entries'
  index: number
  width: number
}

const PATH_BASE = 1000
/** 5 groups of 3 digits stay below 2^53 */
const MAX_GROUPS = 5
const MAX_LEVEL = 63

/** The tile's path below the prefix: tile/<L>/<N>[.p/<W>], or tile/entries/<N>[.p/<W>]. */
export function tilePath(tile: Tile, height = TILE_HEIGHT): string {
  let n = tile.index
  let encoded = String(n % PATH_BASE).padStart(3, '0')
  while (n >= PATH_BASE) {
    n = Math.floor(n / PATH_BASE)
    encoded = `x${String(n % PATH_BASE).padStart(3, '0')}/${encoded}`
  }
  return `tile/${tile.level}/${encoded}${tile.width === 2 ** height ? '' : `.p/${tile.width}`}`
}

/** The tile a path names, or null when it is not a tile path in its one canonical spelling. */
export function parseTilePath(path: string, height = TILE_HEIGHT): Tile | null {
  const parts = path.split('/')
  if (parts.length < 3 || parts[0] !== 'tile') return null
  const levelText = parts[1]!
  let level: Tile['level']
  if (levelText === 'entries') level = 'entries'
  else if (/^(0|[1-9][0-9]?)$/.test(levelText) && Number(levelText) <= MAX_LEVEL) level = Number(levelText)
  else return null
  let width = 2 ** height
  let groups = parts.slice(2)
  const partial = /^(.*)\.p$/.exec(groups[groups.length - 2] ?? '')
  if (partial) {
    const w = groups[groups.length - 1]!
    if (!/^[1-9][0-9]*$/.test(w) || Number(w) >= width) return null
    width = Number(w)
    groups = [...groups.slice(0, -2), partial[1]!]
  }
  if (groups.length > MAX_GROUPS) return null
  let index = 0
  for (const [i, group] of groups.entries()) {
    const isLast = i === groups.length - 1
    const match = (isLast ? /^([0-9]{3})$/ : /^x([0-9]{3})$/).exec(group)
    if (!match) return null
    index = index * PATH_BASE + Number(match[1])
  }
  const tile = { level, index, width }
  // one spelling per tile: no leading x000 groups
  return tilePath(tile, height) === path ? tile : null
}

/** How many hashes (or entries) tile `index` of `level` holds in the tree of `size` leaves: 0 when it is beyond the tree. */
export function tileWidthIn(size: number, level: Tile['level'], index: number, height = TILE_HEIGHT): number {
  const hashesAtLevel = Math.floor(size / 2 ** (height * (level === 'entries' ? 0 : level)))
  return Math.max(0, Math.min(2 ** height, hashesAtLevel - index * 2 ** height))
}

/** The stored perfect subtrees a hash tile lists: `count` of Merkle level `level` from index `from`. */
export function tileNodes(
  tile: Tile & { level: number },
  height = TILE_HEIGHT,
): { level: number; from: number; count: number } {
  return { level: tile.level * height, from: tile.index * 2 ** height, count: tile.width }
}

/** An entry bundle: each entry as a big-endian uint16 length and its bytes. */
export function entryBundle(entries: readonly Uint8Array[]): Buffer {
  const parts: Uint8Array[] = []
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_BYTES)
      throw new RangeError(
        `an entry of ${entry.length} bytes does not fit an entry bundle (at most ${MAX_ENTRY_BYTES})`,
      )
    const length = Buffer.alloc(2)
    length.writeUInt16BE(entry.length)
    parts.push(length, entry)
  }
  return Buffer.concat(parts)
}

/** The entries of a bundle; throws when it is cut short. */
export function readEntryBundle(bundle: Uint8Array): Buffer[] {
  const data = Buffer.from(bundle.buffer, bundle.byteOffset, bundle.byteLength)
  const entries: Buffer[] = []
  let at = 0
  while (at < data.length) {
    if (at + 2 > data.length) throw new Error('an entry bundle ends inside a length')
    const length = data.readUInt16BE(at)
    if (at + 2 + length > data.length) throw new Error('an entry bundle ends inside an entry')
    entries.push(data.subarray(at + 2, at + 2 + length))
    at += 2 + length
  }
  return entries
}

/** Fetches a hash tile at the width the tree gives it (from a server, a disk, a test's memory). */
export type FetchTile = (tile: Tile & { level: number }) => Promise<Uint8Array>

/**
 * Reads the tree of `size` leaves from its hash tiles alone, as a monitor does: any perfect subtree's
 * hash (folded from the 2^r hashes of one tile below it), the root, and inclusion proofs. Each tile is
 * fetched once at the width this tree size gives it, and must be exactly that long. What it computes
 * is only as good as the tiles: compare the root with a verified checkpoint's.
 */
export class TileReader {
  readonly #tiles = new Map<string, Promise<Uint8Array>>()
  readonly size: number
  readonly #fetchTile: FetchTile
  readonly #height: number

  constructor(size: number, fetchTile: FetchTile, height = TILE_HEIGHT) {
    this.size = size
    this.#fetchTile = fetchTile
    this.#height = height
  }

  #tile(level: number, index: number): Promise<Uint8Array> {
    const width = tileWidthIn(this.size, level, index, this.#height)
    const tile = { level, index, width }
    const key = tilePath(tile, this.#height)
    let found = this.#tiles.get(key)
    if (!found) {
      found = this.#fetchTile(tile).then((data) => {
        if (data.length !== width * HASH_BYTES)
          throw new Error(`${key} is ${data.length} bytes, not ${width * HASH_BYTES}`)
        return data
      })
      this.#tiles.set(key, found)
    }
    return found
  }

  /** The hash of a perfect subtree of this tree. */
  async nodeHash(node: NodeId): Promise<Hash> {
    if ((node.index + 1) * 2 ** node.level > this.size)
      throw new RangeError(`node ${node.level}/${node.index} is not in a tree of ${this.size}`)
    const level = Math.floor(node.level / this.#height)
    const below = node.level - level * this.#height
    const first = node.index * 2 ** below
    const index = Math.floor(first / 2 ** this.#height)
    const offset = first - index * 2 ** this.#height
    const data = await this.#tile(level, index)
    const hashes: Hash[] = []
    for (let i = offset; i < offset + 2 ** below; i++)
      hashes.push(Buffer.from(data.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES)))
    return rootFromLeaves(hashes)
  }

  async rangeHash(range: Range): Promise<Hash> {
    return rangeHash(await Promise.all(rangeNodes(range).map((node) => this.nodeHash(node))))
  }

  root(): Promise<Hash> {
    return this.rangeHash([0, this.size])
  }

  /** The leaf hash at `index` and its inclusion proof in this tree (RFC 9162 2.1.3). */
  async inclusionProof(index: number): Promise<{ leafHash: Hash; proof: Hash[] }> {
    const [leafHash, proof] = await Promise.all([
      this.nodeHash({ level: 0, index }),
      Promise.all(inclusionRanges(index, this.size).map((r) => this.rangeHash(r))),
    ])
    return { leafHash, proof }
  }
}
