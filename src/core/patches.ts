// Immer-style patches: computed from two committed roots (guided by the paths a commit touched and
// pruned by identity), and applied through a job's writer, checking every incoming value.

import { fail } from './errors'
import { isPrefix, type Key, toKeys } from './path'
import { childOf, Kind, kindOf, MISSING, removeChild, resolve } from './tree'
import { adopt } from './value'
import type { Writer } from './writer'

export interface Patch {
  readonly op: 'add' | 'replace' | 'remove'
  readonly path: readonly Key[]
  readonly value?: unknown
}

/** The patches that turn `prev` into `next`. `touched` bounds where changes lie (`null`: anywhere). */
export function diff(prev: unknown, next: unknown, touched: readonly (readonly Key[])[] | null): Patch[] {
  const patches: Patch[] = []
  if (prev === next) return patches
  for (const path of roots(touched)) {
    const before = resolve(prev, path)
    const after = resolve(next, path)
    if (before !== MISSING && after !== MISSING) {
      if (before !== after) diffNode(before, after, path, patches)
      continue
    }
    // A path created or removed with its parents is one patch at the highest of them (a path that
    // is missing on both sides may still have had its parents created).
    const top = path.slice(0, missingFrom(before === MISSING ? prev : next, path))
    if (patches.some((patch) => isPrefix(patch.path, top))) continue
    const value = resolve(next, top)
    if (before === MISSING) {
      if (value !== MISSING) patches.push({ op: 'add', path: top, value })
    } else patches.push({ op: 'remove', path: top })
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
 * The touched paths without those that lie under another touched path, in the order they were
 * touched: items appended to an array must be added in that order.
 */
function roots(touched: readonly (readonly Key[])[] | null): readonly (readonly Key[])[] {
  if (touched === null) return [[]]
  if (touched.length < 2) return touched
  const shortest = touched.map((_, i) => i).sort((a, b) => touched[a]!.length - touched[b]!.length)
  const kept = new Set<string>()
  const keep = new Array<boolean>(touched.length).fill(false)
  for (const i of shortest) {
    const path = touched[i]!
    let prefix = ''
    let covered = kept.has(prefix)
    for (let depth = 0; depth < path.length && !covered; depth++) covered = kept.has((prefix += `\u0000${String(path[depth])}`))
    if (covered) continue
    kept.add(prefix)
    keep[i] = true
  }
  return touched.filter((_, i) => keep[i])
}

function diffNode(before: unknown, after: unknown, path: readonly Key[], patches: Patch[]): void {
  const kind = kindOf(after)
  if (kind === Kind.None || kind !== kindOf(before)) {
    patches.push({ op: 'replace', path, value: after })
  } else if (kind === Kind.Array) {
    diffArray(before as readonly unknown[], after as readonly unknown[], path, patches)
  } else {
    const was = before as Record<Key, unknown> | Map<Key, unknown>
    const now = after as Record<Key, unknown> | Map<Key, unknown>
    const keys = kind === Kind.Map ? (now as Map<Key, unknown>).keys() : Object.keys(now)
    for (const key of keys) {
      const a = childOf(was, key)
      const b = childOf(now, key)
      if (a === b) continue
      if (a === MISSING) patches.push({ op: 'add', path: [...path, key], value: b })
      else diffNode(a, b, [...path, key], patches)
    }
    const old = kind === Kind.Map ? (was as Map<Key, unknown>).keys() : Object.keys(was)
    for (const key of old) if (childOf(now, key) === MISSING) patches.push({ op: 'remove', path: [...path, key] })
  }
}

/** Arrays: a run of insertions or removals between an equal head and tail, else element by element. */
function diffArray(before: readonly unknown[], after: readonly unknown[], path: readonly Key[], patches: Patch[]) {
  let head = 0
  const shorter = Math.min(before.length, after.length)
  while (head < shorter && before[head] === after[head]) head++
  let tail = 0
  while (tail < shorter - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++
  const removed = before.length - head - tail
  const added = after.length - head - tail
  if (removed > 0 && added > 0) {
    if (removed !== added) return void patches.push({ op: 'replace', path, value: after })
    for (let i = head; i < head + added; i++) diffNode(before[i], after[i], [...path, i], patches)
    return
  }
  for (let i = 0; i < removed; i++) patches.push({ op: 'remove', path: [...path, head] })
  for (let i = head; i < head + added; i++) patches.push({ op: 'add', path: [...path, i], value: after[i] })
}

/**
 * Applies patches through `writer`, checking each like a mutation (paths, forbidden keys, values).
 * Throws a `DatastoreError` on a malformed patch; the caller's job then commits nothing.
 */
export function applyPatches(writer: Writer, patches: unknown, op = 'patch', within: readonly Key[] = []): void {
  if (!Array.isArray(patches)) throw fail.invalidValue(op, [], String(patches), 'a list of patches')
  for (const raw of patches as unknown[]) {
    const patch = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    const kind = patch.op
    const path = toKeys(op, patch.path)
    if (kind !== 'add' && kind !== 'replace' && kind !== 'remove') throw fail.invalidValue(op, path, `the patch op ${String(kind)}`, 'add, replace or remove')
    if (!isPrefix(within, path)) throw fail.invalidValue(op, path, 'a patch outside its path', `a path under ${JSON.stringify(within)}`)
    if (path.length === 0) {
      if (kind !== 'replace') throw fail.invalidPath(op, path, 'a non-empty path for add and remove')
      writer.put(op, path, adopt(op, path, patch.value))
      continue
    }
    const parent = writer.writable(op, path, path.length - 1, false)
    if (parent === undefined) throw fail.pathNotFound(op, path)
    const container = kindOf(parent)
    const key = path[path.length - 1]!
    if (kind === 'remove') {
      if (childOf(parent, key) === MISSING) throw fail.pathNotFound(op, path)
      removeChild(parent, container, key)
    } else {
      const value = adopt(op, path, patch.value)
      if (container === Kind.Array && kind === 'add') {
        const array = parent as unknown[]
        if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key > array.length) throw fail.badIndex(op, path, key, array.length)
        array.splice(key, 0, value)
      } else {
        if (kind === 'replace' && childOf(parent, key) === MISSING) throw fail.pathNotFound(op, path)
        writer.put(op, path, value)
        continue
      }
    }
    writer.touch(container === Kind.Array ? path.slice(0, -1) : path)
  }
}
