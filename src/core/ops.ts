// The named mutations as data. One description, checked once, applied by the store, the
// transaction view and the owner of a remote replica alike.

import { fail } from './errors'
import { isDraft, isDraftable, nothing, produce } from './immer'
import { type Key, ownKeys } from './path'
import { kindOf, Kind, MISSING, removeChild, resolve } from './tree'
import { adopt, seal } from './value'
import type { Writer } from './writer'

export type Op =
  | { readonly type: 'set'; readonly path: readonly Key[]; readonly value: unknown }
  | { readonly type: 'delete'; readonly path: readonly Key[] }
  | { readonly type: 'init'; readonly path: readonly Key[]; readonly value: unknown }
  | { readonly type: 'increment' | 'decrement'; readonly path: readonly Key[]; readonly by: number }
  | { readonly type: 'append'; readonly path: readonly Key[]; readonly values: readonly unknown[] }
  | { readonly type: 'concat'; readonly path: readonly Key[]; readonly value: unknown }

export type OpType = Op['type']

const TYPES = ['set', 'init', 'concat', 'delete', 'increment', 'decrement', 'append']

/**
 * Checks a mutation's arguments and copies its values, at the moment it is issued. Throws a
 * `DatastoreError` for bad input. `raw` is an untrusted description, such as one from a message.
 */
export function makeOp(raw: { type: unknown; path?: unknown; value?: unknown; by?: unknown; values?: unknown }): Op {
  const type = raw.type as OpType
  if (!TYPES.includes(type)) throw fail.invalidValue('mutation', [], 'mutation', type)
  const path = ownKeys(type, raw.path)
  const { by = 1, values } = raw
  if (type == 'delete') {
    if (!path.length) throw fail.rootDelete(type)
    return { type, path }
  }
  if (type == 'increment' || type == 'decrement') {
    if (typeof by != 'number' || !Number.isFinite(by)) throw fail.typeMismatch(type, path, 'by', by)
    return { type, path, by }
  }
  if (type != 'append') return { type, path, value: adopt(type, path, raw.value) }
  if (!Array.isArray(values)) throw fail.typeMismatch(type, path, 'values', values)
  return { type, path, values: values.map((value, i) => adopt(type, [...path, i], value)) }
}

/** Applies a checked mutation to a job's writer, logs it, and returns its result. */
export function applyOp(w: Writer, op: Op): unknown {
  const result = run(w, op)
  w.log.push(op)
  return result
}

function run(w: Writer, op: Op): unknown {
  const { path, type } = op
  const found = resolve(w.root, path, type)
  const absent = found === MISSING || found === undefined
  switch (type) {
    case 'set':
      return void setValue(w, type, path, op.value, found)
    case 'delete': {
      if (found === MISSING) return false
      const parent = w.writable(type, path, path.length - 1, false)!
      const kind = kindOf(parent)
      removeChild(parent, kind, path[path.length - 1]!)
      w.touch(kind === Kind.Array ? path.slice(0, -1) : path)
      return true
    }
    case 'init':
      return found !== MISSING ? w.expose(found) : setValue(w, type, path, op.value, found)
    case 'increment':
    case 'decrement': {
      const current = absent ? 0 : found
      if (typeof current != 'number') throw fail.typeMismatch(type, path, 'number', current)
      const next = current + (type == 'increment' ? op.by : -op.by)
      if (!Number.isFinite(next)) throw fail.invalidValue(type, path, 'infiniteResult', next)
      return setValue(w, type, path, next, found)
    }
    case 'append': {
      if (absent) return setValue(w, type, path, seal(op.values.slice()), found).length
      if (!Array.isArray(found)) throw fail.typeMismatch(type, path, 'array', found)
      return extend(w, type, path, found, op.values).length
    }
    case 'concat': {
      const { value } = op
      const string = typeof value == 'string'
      if (absent ? !string && !Array.isArray(value) : typeof found != 'string' && !Array.isArray(found)) throw fail.typeMismatch(type, path, 'stringOrArray', absent ? value : found)
      if (absent) return setValue(w, type, path, value, found)
      if (typeof found == 'string') {
        if (!string) throw fail.typeMismatch(type, path, 'stringToString', value)
        return setValue(w, type, path, found + value, found)
      }
      if (!Array.isArray(value)) throw fail.typeMismatch(type, path, 'arrayToArray', value)
      return w.expose(extend(w, type, path, found as unknown[], value))
    }
  }
}

/** Pushes `items` onto the array `found` at `path`, copied for the job once. */
function extend(w: Writer, op: string, path: readonly Key[], found: readonly unknown[], items: readonly unknown[]): readonly unknown[] {
  if (!items.length) return found
  const array = w.writable(op, path, path.length, false) as unknown[]
  for (const item of items) array.push(item)
  w.touch(path)
  return array
}

/** `operate(path, fn)`: `fn` mutates a draft of the value or returns a new one (Immer's rules). */
export function operate(w: Writer, op: string, path: readonly Key[], fn: (value: never) => unknown): unknown {
  const result = runOperate(w, op, path, fn)
  w.log.push({ type: 'operate', path })
  return result
}

function runOperate(w: Writer, op: string, path: readonly Key[], fn: (value: never) => unknown): unknown {
  let found = resolve(w.root, path, op)
  if (found === MISSING) throw fail.pathNotFound(op, path)
  const recipe = fn as (draft: unknown) => unknown
  if (isDraft(found)) {
    if (path.length > 0) return operateOnDraft(w, op, path, found as object, recipe)
    // The root draft cannot be swapped for the recipe's result: settle it, then go the way of any value.
    found = w.snapshot(op)
  }
  const next = refuseAsync(op, path, runRecipe(op, path, found, recipe))
  return w.expose(setValue(w, op, path, adopt(op, path, next === nothing ? undefined : next), resolve(w.root, path)))
}

/** Inside a transaction whose root is an Immer draft: the recipe works on that draft directly. */
function operateOnDraft(w: Writer, op: string, path: readonly Key[], draft: object, recipe: (draft: unknown) => unknown) {
  const result = refuseAsync(op, path, recipe(draft))
  if (result === undefined || result === draft) {
    w.touch(path)
    return draft
  }
  const value = result === nothing ? undefined : result
  w.put(op, path, value)
  return value
}

/** Immer's rules, also for a value Immer cannot draft (a Date): the recipe returns the new value or nothing. */
function runRecipe(op: string, path: readonly Key[], found: unknown, recipe: (draft: unknown) => unknown): unknown {
  if (!isDraftable(found)) {
    const result = recipe(found)
    return result === undefined ? found : result
  }
  try {
    return produce(found, recipe)
  } catch (error) {
    // Immer's own complaints about a recipe (it both changed its draft and returned a value) become ours.
    if (error instanceof Error && error.message.startsWith('[Immer]')) {
      throw fail.invalidValue(op, path, 'immerRecipe', error.message)
    }
    throw error
  }
}

/** `result`, unless it is a Promise: a recipe or nested transaction must be synchronous. */
export function refuseAsync(op: string, path: readonly Key[], result: unknown): unknown {
  if (!isThenable(result)) return result
  result.then(undefined, () => {})
  throw fail.invalidValue(op, path, 'asyncRecipe')
}

export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

/** Puts `value` at `path`, unless `found` is already that value; returns `value`. */
function setValue<V>(w: Writer, op: string, path: readonly Key[], value: V, found: unknown): V {
  if (!path.length || !Object.is(found, value)) w.put(op, path, value)
  return value
}
