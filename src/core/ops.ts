// The named mutations as data. One description, checked once, applied by the store, the
// transaction view and the owner of a remote replica alike.

import { fail } from './errors'
import { isDraft, isDraftable, nothing, produce } from './immer'
import { type Key, ownKeys } from './path'
import { kindOf, Kind, MISSING, removeChild, resolve, resolveStrict } from './tree'
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

/**
 * Checks a mutation's arguments and copies its values, at the moment it is issued. Throws a
 * `DatastoreError` for bad input. `raw` is an untrusted description, such as one from a message.
 */
export function makeOp(raw: { type: unknown; path?: unknown; value?: unknown; by?: unknown; values?: unknown }): Op {
  const type = raw.type
  switch (type) {
    case 'set':
    case 'init':
    case 'concat': {
      const path = ownKeys(type, raw.path)
      return { type, path, value: adopt(type, path, raw.value) }
    }
    case 'delete': {
      const path = ownKeys(type, raw.path)
      if (path.length === 0) throw fail.rootDelete(type)
      return { type, path }
    }
    case 'increment':
    case 'decrement': {
      const path = ownKeys(type, raw.path)
      const by = raw.by === undefined ? 1 : raw.by
      if (typeof by !== 'number' || !Number.isFinite(by)) throw fail.typeMismatch(type, path, 'by', by)
      return { type, path, by }
    }
    case 'append': {
      const path = ownKeys(type, raw.path)
      if (!Array.isArray(raw.values)) throw fail.typeMismatch(type, path, 'values', raw.values)
      return { type, path, values: raw.values.map((value, i) => adopt(type, [...path, i], value)) }
    }
    default:
      throw fail.invalidValue('mutation', [], 'mutation', type)
  }
}

/** Applies a checked mutation to a job's writer, logs it, and returns its result. */
export function applyOp(w: Writer, op: Op): unknown {
  const result = run(w, op)
  w.log.push(op)
  return result
}

function run(w: Writer, op: Op): unknown {
  const { path } = op
  switch (op.type) {
    case 'set':
      setValue(w, op.type, path, op.value)
      return undefined
    case 'delete':
      return deleteValue(w, path)
    case 'init': {
      const found = resolveStrict(op.type, w.root, path)
      if (found !== MISSING) return w.expose(found)
      setValue(w, op.type, path, op.value)
      return op.value
    }
    case 'increment':
    case 'decrement': {
      const found = resolveStrict(op.type, w.root, path)
      const current = isAbsent(found) ? 0 : found
      if (typeof current !== 'number') throw fail.typeMismatch(op.type, path, 'number', current)
      const next = current + (op.type === 'increment' ? op.by : -op.by)
      if (!Number.isFinite(next)) throw fail.invalidValue(op.type, path, 'infiniteResult', next)
      setValue(w, op.type, path, next)
      return next
    }
    case 'append': {
      const found = resolveStrict(op.type, w.root, path)
      if (isAbsent(found)) {
        setValue(w, op.type, path, seal(op.values.slice()))
        return op.values.length
      }
      if (!Array.isArray(found)) throw fail.typeMismatch(op.type, path, 'array', found)
      if (op.values.length === 0) return found.length
      const array = w.writable(op.type, path, path.length, false) as unknown[]
      for (const value of op.values) array.push(value)
      w.touch(path)
      return array.length
    }
    case 'concat': {
      const found = resolveStrict(op.type, w.root, path)
      const { value } = op
      let next: unknown
      if (isAbsent(found)) {
        if (typeof value !== 'string' && !Array.isArray(value)) throw fail.typeMismatch(op.type, path, 'stringOrArray', value)
        next = value
      } else if (typeof found === 'string') {
        if (typeof value !== 'string') throw fail.typeMismatch(op.type, path, 'stringToString', value)
        next = found + value
      } else if (Array.isArray(found)) {
        if (!Array.isArray(value)) throw fail.typeMismatch(op.type, path, 'arrayToArray', value)
        if (value.length === 0) return w.expose(found)
        const array = w.writable(op.type, path, path.length, false) as unknown[]
        for (const item of value) array.push(item)
        w.touch(path)
        return w.expose(array)
      } else {
        throw fail.typeMismatch(op.type, path, 'stringOrArray', found)
      }
      setValue(w, op.type, path, next)
      return next
    }
  }
}

/** `operate(path, fn)`: `fn` mutates a draft of the value or returns a new one (Immer's rules). */
export function operate(w: Writer, op: string, path: readonly Key[], fn: (value: never) => unknown): unknown {
  const result = runOperate(w, op, path, fn)
  w.log.push({ type: 'operate', path })
  return result
}

function runOperate(w: Writer, op: string, path: readonly Key[], fn: (value: never) => unknown): unknown {
  let found = resolveStrict(op, w.root, path)
  if (found === MISSING) throw fail.pathNotFound(op, path)
  const recipe = fn as (draft: unknown) => unknown
  if (isDraft(found)) {
    if (path.length > 0) return operateOnDraft(w, op, path, found as object, recipe)
    // The root draft cannot be swapped for the recipe's result: settle it, then go the way of any value.
    found = w.snapshot(op)
  }
  const next = refuseAsync(op, path, runRecipe(op, path, found, recipe))
  const value = adopt(op, path, next === nothing ? undefined : next)
  setValue(w, op, path, value)
  return w.expose(value)
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

/** Counters, lists and strings start from nothing where there is no value, or only `undefined`. */
const isAbsent = (found: unknown): boolean => found === MISSING || found === undefined

/** `result`, unless it is a Promise: a recipe or nested transaction must be synchronous. */
export function refuseAsync(op: string, path: readonly Key[], result: unknown): unknown {
  if (!isThenable(result)) return result
  result.then(undefined, () => {})
  throw fail.invalidValue(op, path, 'asyncRecipe')
}

export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

function setValue(w: Writer, op: string, path: readonly Key[], value: unknown): void {
  if (path.length > 0 && Object.is(resolve(w.root, path), value)) return
  w.put(op, path, value)
}

function deleteValue(w: Writer, path: readonly Key[]): boolean {
  if (resolveStrict('delete', w.root, path) === MISSING) return false
  const parent = w.writable('delete', path, path.length - 1, false)!
  const kind = kindOf(parent)
  removeChild(parent, kind, path[path.length - 1]!)
  w.touch(kind === Kind.Array ? path.slice(0, -1) : path)
  return true
}
