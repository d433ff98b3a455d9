// Remote Yjs transactions into the store. The changes are read from the events when they fire (the
// keys a Y.Map event names, a Y.Array event's delta, a counter's or a text's new value), so the
// cost follows the change, not the state; the store then applies them as one job. Content the
// store cannot hold is left out, key by key, and reported.

import * as Y from 'yjs'
import { adopt, fail, isForbiddenKey, type Key, resolve, type Writer } from '../core/internal'
import { isComplete, isCounter, readCounter } from './counter'
import { yjsFail } from './errors'
import { fromY, storeKey } from './convert'

export type Change =
  | { readonly kind: 'put'; readonly path: readonly Key[]; readonly value: unknown }
  | { readonly kind: 'remove'; readonly path: readonly Key[] }
  | { readonly kind: 'splice'; readonly path: readonly Key[]; readonly delta: readonly Step[]; readonly before: number; readonly array: Y.Array<unknown> }

type Step = { readonly retain: number } | { readonly insert: readonly unknown[] } | { readonly delete: number }

export const LABEL = 'yjs'

/** The store changes that `events` (one Yjs transaction) stand for. Errors go to `report`, and their changes are left out. */
export function readEvents(events: readonly Y.YEvent<any>[], base: readonly Key[], report: (error: unknown) => void): Change[] {
  const changes: Change[] = []
  for (const event of events) {
    try {
      const path = [...base, ...storePath(event.path as Key[], base)]
      const target = event.target
      if (target instanceof Y.Text) changes.push({ kind: 'put', path, value: target.toString() })
      else if (isCounter(target)) {
        if (isComplete(target)) changes.push({ kind: 'put', path, value: readCounter(LABEL, path, target) })
      }
      else if (target instanceof Y.Array) changes.push(splice(path, target, event, report))
      else if (target instanceof Y.Map) readKeys(path, target, event as Y.YMapEvent<unknown>, changes, report)
    } catch (error) {
      report(error)
    }
  }
  return changes
}

function storePath(keys: readonly Key[], base: readonly Key[]): Key[] {
  return keys.map((key, i) => {
    if (typeof key === 'number') return key
    const name = storeKey(key)
    if (name === undefined || isForbiddenKey(name)) {
      const at = [...base, ...keys.slice(0, i), key]
      throw name === undefined ? yjsFail.reservedKey(LABEL, at) : fail.forbiddenKey(LABEL, at, name)
    }
    return name
  })
}

function readKeys(path: readonly Key[], map: Y.Map<unknown>, event: Y.YMapEvent<unknown>, changes: Change[], report: (error: unknown) => void) {
  for (const key of event.keysChanged) {
    try {
      const name = storeKey(key)
      if (name === undefined) throw yjsFail.reservedKey(LABEL, [...path, key])
      const at = [...path, name]
      if (isForbiddenKey(name)) throw fail.forbiddenKey(LABEL, at, name)
      changes.push(map.has(key) ? { kind: 'put', path: at, value: fromY(LABEL, at, map.get(key)) } : { kind: 'remove', path: at })
    } catch (error) {
      report(error)
    }
  }
}

/** Array items as the store holds them; an item it cannot hold is left out and reported. */
function readItems(path: readonly Key[], items: readonly unknown[], from: number, report: (error: unknown) => void): unknown[] {
  const out: unknown[] = []
  items.forEach((item, i) => {
    try {
      out.push(fromY(LABEL, [...path, from + i], item))
    } catch (error) {
      report(error)
    }
  })
  return out
}

function splice(path: readonly Key[], array: Y.Array<unknown>, event: Y.YEvent<any>, report: (error: unknown) => void): Change {
  const delta: Step[] = []
  let index = 0
  let before = array.length
  for (const step of event.changes.delta) {
    if (step.retain !== undefined) {
      delta.push({ retain: step.retain })
      index += step.retain
    } else if (step.insert !== undefined) {
      const inserted = step.insert as unknown[]
      const items = readItems(path, inserted, index, report)
      delta.push({ insert: items })
      index += items.length
      before -= inserted.length
    } else if (step.delete !== undefined) {
      delta.push({ delete: step.delete })
      before += step.delete
    }
  }
  return { kind: 'splice', path, delta, before, array }
}

/** Applies the changes through the job's writer; a change that does not fit the store is reported and left out. */
export function applyChanges(writer: Writer, changes: readonly Change[], report: (error: unknown) => void): void {
  for (const change of changes) {
    try {
      if (change.kind === 'put') writer.put(LABEL, change.path, change.value)
      else if (change.kind === 'remove') removeKey(writer, change.path)
      else applySplice(writer, change, report)
    } catch (error) {
      report(error)
    }
  }
}

function removeKey(writer: Writer, path: readonly Key[]): void {
  const parent = writer.writable(LABEL, path, path.length - 1, false)
  const key = path[path.length - 1]!
  if (parent === undefined || Array.isArray(parent) || parent instanceof Map || !Object.hasOwn(parent, key)) return
  delete parent[key]
  writer.touch(path)
}

function applySplice(writer: Writer, change: Extract<Change, { kind: 'splice' }>, report: (error: unknown) => void): void {
  const found = resolve(writer.root, change.path)
  const array = Array.isArray(found) && found.length === change.before ? (writer.writable(LABEL, change.path, change.path.length, false) as unknown[]) : undefined
  if (array === undefined) {
    // The store's array is not the one the delta was made against (an item was left out before): take the doc's whole.
    writer.put(LABEL, change.path, adopt(LABEL, change.path, readItems(change.path, change.array.toArray(), 0, report)))
    return
  }
  let index = 0
  for (const step of change.delta) {
    if ('retain' in step) index += step.retain
    else if ('insert' in step) {
      array.splice(index, 0, ...step.insert)
      index += step.insert.length
    } else array.splice(index, step.delete)
  }
  writer.touch(change.path)
}
