// Patches: computed from two committed roots (guided by the paths a commit touched and pruned by
// identity), and applied through a job's writer, checking every incoming value. A list of patches
// is flat, `[op, path, value, op, path, value, …]`, which is cheap to build and to clone.

import { fail } from './errors'
import { isPrefix, type Key, toKeys } from './path'
import { childOf, isIndex, keysOf, Kind, kindOf, MISSING, removeChild, resolve } from './tree'
import { adopt } from './value'
import type { Writer } from './writer'

export const enum PatchOp {
  Add,
  Replace,
  Remove,
  /** Elements removed from and added to the Set at its path: the value is `[removed, added]`. */
  Elements,
}

/**
 * Patches, flat: each is three entries, its `PatchOp`, its path and its value (`undefined` for a
 * removal, the elements for `Elements`).
 */
export type Patches = unknown[]

/** Unchanged values are the same ones; `-0` replacing `0` is a change. */
const same = Object.is

/** The patches that turn `prev` into `next`. `touched` bounds where changes lie (`null`: anywhere). */
export function diff(prev: unknown, next: unknown, touched: readonly (readonly Key[])[] | null): Patches {
  const patches: Patches = []
  if (prev === next) return patches
  // The highest paths created or removed so far, each one patch.
  const tops = new PathTree()
  for (const path of roots(prev, next, touched)) {
    const before = resolve(prev, path)
    const after = resolve(next, path)
    if (before !== MISSING && after !== MISSING) {
      if (!same(before, after)) diffNode(before, after, path, patches)
      continue
    }
    // A path created or removed with its parents is one patch at the highest of them (a path that
    // is missing on both sides may still have had its parents created).
    const top = path.slice(0, missingFrom(before === MISSING ? prev : next, path))
    if (tops.covers(top)) continue
    tops.add(top)
    const value = resolve(next, top)
    if (before === MISSING) {
      if (value !== MISSING) patches.push(PatchOp.Add, top, value)
    } else patches.push(PatchOp.Remove, top, undefined)
  }
  return patches
}

/** How many keys of `path` resolve in `root`, plus one: the length of its shortest missing prefix. */
function missingFrom(root: unknown, path: readonly Key[]): number {
  let length = path.length
  while (length > 1 && resolve(root, path.slice(0, length - 1)) === MISSING) length--
  return length
}

/**
 * The touched paths without those that lie under another touched path, or repeat one, in the order
 * they were touched: items appended to an array must be added in that order.
 */
function roots(prev: unknown, next: unknown, touched: readonly (readonly Key[])[] | null): readonly (readonly Key[])[] {
  if (touched === null) return [[]]
  if (touched.length < 2) return touched
  const paths = touched.map((path) => asStored(prev, next, path))
  const all = new PathTree()
  for (const path of paths) all.add(path)
  const kept = new PathTree()
  return paths.filter((path) => !all.isUnder(path) && kept.add(path))
}

/**
 * `path` with every key into a plain object written as a string, the way the object holds it, so
 * that `['o', 0]` and `['o', '0']` are one path (a Map tells `1` from `'1'`, and keeps them apart).
 */
function asStored(prev: unknown, next: unknown, path: readonly Key[]): Key[] {
  return path.map((key) => {
    const object = kindOf(next === MISSING ? prev : next) === Kind.Object
    prev = childOf(prev, key)
    next = childOf(next, key)
    return object ? String(key) : key
  })
}

interface Branch {
  end: boolean
  readonly children: Map<Key, Branch>
}

/** A set of paths, as a tree of Maps keyed by the paths' keys. */
class PathTree {
  readonly #root: Branch = { end: false, children: new Map() }

  /** Adds `path`; false if it was there already. */
  add(path: readonly Key[]): boolean {
    let branch = this.#root
    for (const key of path) {
      let child = branch.children.get(key)
      if (!child) branch.children.set(key, (child = { end: false, children: new Map() }))
      branch = child
    }
    return !branch.end && (branch.end = true)
  }

  /** Whether `path`, or a path above it, is in the set. */
  covers(path: readonly Key[]): boolean {
    return this.#above(path, path.length + 1)
  }

  /** Whether a path above `path` (not `path` itself) is in the set. */
  isUnder(path: readonly Key[]): boolean {
    return this.#above(path, path.length)
  }

  /** Whether one of the first `count` prefixes of `path`, from the empty one on, is in the set. */
  #above(path: readonly Key[], count: number): boolean {
    let branch: Branch | undefined = this.#root
    for (let depth = 0; branch && depth < count; branch = branch.children.get(path[depth++]!)) if (branch.end) return true
    return false
  }
}

function diffNode(before: unknown, after: unknown, path: readonly Key[], patches: Patches): void {
  const kind = kindOf(after)
  if (before instanceof Set && after instanceof Set) {
    diffSet(before, after, path, patches)
  } else if (kind === Kind.None || kind !== kindOf(before)) {
    patches.push(PatchOp.Replace, path, after)
  } else if (kind === Kind.Array) {
    diffArray(before as readonly unknown[], after as readonly unknown[], path, patches)
  } else {
    const was = before as Record<Key, unknown> | Map<Key, unknown>
    const now = after as Record<Key, unknown> | Map<Key, unknown>
    for (const key of keysOf(now)) {
      const a = childOf(was, key)
      const b = childOf(now, key)
      if (same(a, b)) continue
      if (a === MISSING) patches.push(PatchOp.Add, [...path, key], b)
      else diffNode(a, b, [...path, key], patches)
    }
    for (const key of keysOf(was)) if (childOf(now, key) === MISSING) patches.push(PatchOp.Remove, [...path, key], undefined)
  }
}

/**
 * Sets: the elements removed and added, as one patch, when they are primitives (an object cannot be
 * found again in another thread's copy), fewer than the Set holds, and the kept elements still come
 * first in their old order (so that the other side, deleting and appending, gets the same order);
 * else one Replace.
 */
function diffSet(before: ReadonlySet<unknown>, after: ReadonlySet<unknown>, path: readonly Key[], patches: Patches) {
  const items = [...after]
  const removed: unknown[] = []
  let kept = 0
  let inOrder = true
  for (const item of before) {
    if (!after.has(item)) removed.push(item)
    else if (!same(item, items[kept++])) inOrder = false
  }
  const added = items.slice(kept)
  const primitive = (item: unknown) => typeof item !== 'object' || item === null
  if (inOrder && removed.length + added.length < after.size && removed.every(primitive) && added.every(primitive)) {
    patches.push(PatchOp.Elements, path, [removed, added])
  } else patches.push(PatchOp.Replace, path, after)
}

/** How far an array diff looks ahead for an item that moved. */
const AHEAD = 16

/** How many items the patches of one array may move on arrival (each insertion or removal moves the items after it). */
const MOVES = 2 ** 24

/**
 * Arrays: past an equal tail, two cursors walk both sides. An item found a few places ahead on the
 * other side means insertions or removals before it; other items are diffed in place. Too many
 * patches give way to one Replace of the array (see `MOVES`).
 */
function diffArray(before: readonly unknown[], after: readonly unknown[], path: readonly Key[], patches: Patches) {
  const start = patches.length
  const most = Math.max(before.length, after.length)
  // Past this many patches, one Replace: they would weigh more than the array, or than a quarter of
  // it once past a few, or move more than `MOVES` items.
  const limit = Math.min(most, Math.max(AHEAD, Math.min(most / 4, MOVES / most)))
  let end = before.length
  let stop = after.length
  while (end && stop && same(before[end - 1], after[stop - 1])) end--, stop--
  // The array as patched so far is `after` up to `j`, then `before` from `i`: patches go at `j`.
  for (let i = 0, j = 0, count = 0; i < end || j < stop; ) {
    const insert = i < end ? seek(after, before[i], j, stop) : 0
    const remove = j < stop ? seek(before, after[j], i, end) : 0
    if (!(insert || remove)) {
      i++, j++
      continue
    }
    const at = [...path, j]
    if (++count > limit) return void patches.splice(start, Infinity, PatchOp.Replace, path, after)
    if (insert < remove) patches.push(PatchOp.Add, at, after[j++])
    else if (remove < AHEAD) patches.push(PatchOp.Remove, at, undefined), i++
    else diffNode(before[i++], after[j++], at, patches)
  }
}

/** How many places past `from` `item` lies in `items` (before `to`), or `AHEAD` if not within reach. */
function seek(items: readonly unknown[], item: unknown, from: number, to: number): number {
  let d = 0
  while (d < AHEAD && from + d < to && !same(items[from + d], item)) d++
  return from + d < to ? d : AHEAD
}

/**
 * Applies patches through `writer`, checking each like a mutation (paths, forbidden keys, values).
 * Throws a `DatastoreError` on a malformed patch; the caller's job then commits nothing.
 */
export function applyPatches(writer: Writer, patches: unknown, op = 'patch', within: readonly Key[] = []): void {
  if (!Array.isArray(patches) || patches.length % 3) throw fail.invalidValue(op, [], 'patches', patches)
  for (let i = 0; i < patches.length; i += 3) {
    const kind: unknown = patches[i]
    const path = toKeys(op, patches[i + 1])
    if (!isPrefix(within, path)) throw fail.invalidValue(op, path, 'patchOutside', within)
    if (kind === PatchOp.Replace) {
      // The common case, the root included: a value that exists is replaced.
      if (resolve(writer.root, path) === MISSING) throw fail.pathNotFound(op, path)
      writer.put(op, path, adopt(op, path, patches[i + 2]))
      continue
    }
    if (kind === PatchOp.Elements) {
      const set = resolve(writer.root, path)
      if (!(set instanceof Set)) throw set === MISSING ? fail.pathNotFound(op, path) : fail.typeMismatch(op, path, 'set', set)
      const [removed, added] = Array.isArray(patches[i + 2]) ? (patches[i + 2] as unknown[]) : []
      if (!Array.isArray(removed) || !Array.isArray(added)) throw fail.invalidValue(op, path, 'elements', patches[i + 2])
      const next = new Set(set)
      for (const item of removed) if (!next.delete(item)) throw fail.pathNotFound(op, path)
      for (const item of added) next.add(item)
      writer.put(op, path, adopt(op, path, next))
      continue
    }
    if (kind !== PatchOp.Add && kind !== PatchOp.Remove) throw fail.invalidValue(op, path, 'patchOp', kind)
    if (path.length === 0) throw fail.rootPatch(op)
    const parent = writer.writable(op, path, path.length - 1, false)
    if (parent === undefined) throw fail.pathNotFound(op, path)
    const container = kindOf(parent)
    const key = path[path.length - 1]!
    if (kind === PatchOp.Remove) {
      if (childOf(parent, key) === MISSING) throw fail.pathNotFound(op, path)
      removeChild(parent, container, key)
    } else if (container === Kind.Array) {
      const array = parent as unknown[]
      if (!isIndex(key, array.length + 1)) throw fail.badIndex(op, path, key, array.length)
      array.splice(key, 0, adopt(op, path, patches[i + 2]))
    } else {
      writer.put(op, path, adopt(op, path, patches[i + 2]))
      continue
    }
    writer.touch(container === Kind.Array ? path.slice(0, -1) : path)
  }
}
