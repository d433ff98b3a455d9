// Patches: their flat format, `[op, path, value, op, path, value, …]` (cheap to build and to clone),
// and the diff that computes them from two committed roots, guided by the paths a commit touched and
// pruned by identity. patch-apply.ts applies them.

import { type Key, propertyName } from './path'
import { PathTree } from './path-tree'
import { childOf, keysOf, Kind, kindOf, MISSING, resolve } from './tree'

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
  while (length > 1 && resolve(root, path, undefined, length - 1) === MISSING) length--
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
    return object ? propertyName(key) : key
  })
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
 * How many patches an array diff may send before one Replace of the whole array is cheaper: no more
 * than the array has items, nor than a quarter of them once past `AHEAD`, nor so many that applying
 * them would move more than `MOVES` items.
 */
function patchBudget(before: readonly unknown[], after: readonly unknown[]): number {
  const most = Math.max(before.length, after.length)
  return Math.min(most, Math.max(AHEAD, Math.min(most / 4, MOVES / most)))
}

/**
 * Arrays: past an equal tail, two cursors walk both sides. An item found a few places ahead on the
 * other side means insertions or removals before it; other items are diffed in place. Past the
 * `patchBudget`, the patches give way to one Replace of the array.
 */
function diffArray(before: readonly unknown[], after: readonly unknown[], path: readonly Key[], patches: Patches) {
  const start = patches.length
  const budget = patchBudget(before, after)
  let end = before.length
  let stop = after.length
  while (end > 0 && stop > 0 && same(before[end - 1], after[stop - 1])) {
    end--
    stop--
  }
  // The array as patched so far is `after` up to `j`, then `before` from `i`: patches go at `j`.
  let i = 0
  let j = 0
  let count = 0
  while (i < end || j < stop) {
    const insert = i < end ? seek(after, before[i], j, stop) : 0
    const remove = j < stop ? seek(before, after[j], i, end) : 0
    if (insert === 0 && remove === 0) {
      i++
      j++
      continue
    }
    count++
    if (count > budget) {
      patches.length = start
      patches.push(PatchOp.Replace, path, after)
      return
    }
    const at = [...path, j]
    if (insert < remove) {
      patches.push(PatchOp.Add, at, after[j])
      j++
    } else if (remove < AHEAD) {
      patches.push(PatchOp.Remove, at, undefined)
      i++
    } else {
      diffNode(before[i], after[j], at, patches)
      i++
      j++
    }
  }
}

/** How many places past `from` `item` lies in `items` (before `to`), or `AHEAD` if not within reach. */
function seek(items: readonly unknown[], item: unknown, from: number, to: number): number {
  let d = 0
  while (d < AHEAD && from + d < to && !same(items[from + d], item)) d++
  return from + d < to ? d : AHEAD
}
