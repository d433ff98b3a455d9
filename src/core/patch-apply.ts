// Applying patches through a job's writer, one function per patch operation, checking every
// incoming path and value as a mutation's would be checked.

import { fail } from './errors'
import { isPrefix, type Key, toKeys } from './path'
import { PatchOp } from './patches'
import { childOf, type Container, isIndex, Kind, kindOf, MISSING, removeChild, resolve } from './tree'
import { adopt } from './value'
import type { Writer } from './writer'

/**
 * Applies patches through `writer`, checking each like a mutation (paths, forbidden keys, values).
 * Throws a `DatastoreError` on a malformed patch; the caller's job then commits nothing.
 */
export function applyPatches(writer: Writer, patches: unknown, op = 'patch', within: readonly Key[] = []): void {
  if (!Array.isArray(patches) || patches.length % 3) throw fail.invalidValue(op, [], 'patches', patches)
  for (let i = 0; i < patches.length; i += 3) {
    const kind: unknown = patches[i]
    const path = toKeys(op, patches[i + 1])
    const value: unknown = patches[i + 2]
    if (!isPrefix(within, path)) throw fail.invalidValue(op, path, 'patchOutside', within)
    switch (kind) {
      case PatchOp.Replace:
        applyReplace(writer, op, path, value)
        break
      case PatchOp.Elements:
        applyElements(writer, op, path, value)
        break
      case PatchOp.Add:
        applyAdd(writer, op, path, value)
        break
      case PatchOp.Remove:
        applyRemove(writer, op, path)
        break
      default:
        throw fail.invalidValue(op, path, 'patchOp', kind)
    }
  }
}

/** Replaces a value that exists (the root included). */
function applyReplace(writer: Writer, op: string, path: readonly Key[], value: unknown): void {
  if (resolve(writer.root, path) === MISSING) throw fail.pathNotFound(op, path)
  writer.put(op, path, adopt(op, path, value))
}

/** Deletes and adds elements of the Set at `path`; `value` is `[removed, added]`. */
function applyElements(writer: Writer, op: string, path: readonly Key[], value: unknown): void {
  const set = resolve(writer.root, path)
  if (!(set instanceof Set)) throw set === MISSING ? fail.pathNotFound(op, path) : fail.typeMismatch(op, path, 'set', set)
  const [removed, added] = Array.isArray(value) ? (value as unknown[]) : []
  if (!Array.isArray(removed) || !Array.isArray(added)) throw fail.invalidValue(op, path, 'elements', value)
  const next = new Set(set)
  for (const item of removed) {
    if (!next.delete(item)) throw fail.pathNotFound(op, path)
  }
  for (const item of added) next.add(item)
  writer.put(op, path, adopt(op, path, next))
}

/** The container that holds the last key of `path`, made writable; add and remove never touch the root. */
function parentOf(writer: Writer, op: string, path: readonly Key[]): Container {
  if (path.length === 0) throw fail.rootPatch(op)
  const parent = writer.writable(op, path, path.length - 1, false)
  if (parent === undefined) throw fail.pathNotFound(op, path)
  return parent
}

/** Adds a value: inserted at an array index (moving the items after it), or set under an object's or Map's key. */
function applyAdd(writer: Writer, op: string, path: readonly Key[], value: unknown): void {
  const parent = parentOf(writer, op, path)
  const key = path[path.length - 1]!
  if (kindOf(parent) !== Kind.Array) {
    writer.put(op, path, adopt(op, path, value))
    return
  }
  const array = parent as unknown[]
  if (!isIndex(key, array.length + 1)) throw fail.badIndex(op, path, key, array.length)
  array.splice(key, 0, adopt(op, path, value))
  writer.touch(path.slice(0, -1))
}

/** Removes a value that exists; an array item is spliced out. */
function applyRemove(writer: Writer, op: string, path: readonly Key[]): void {
  const parent = parentOf(writer, op, path)
  const key = path[path.length - 1]!
  if (childOf(parent, key) === MISSING) throw fail.pathNotFound(op, path)
  const container = kindOf(parent)
  removeChild(parent, container, key)
  writer.touch(container === Kind.Array ? path.slice(0, -1) : path)
}
