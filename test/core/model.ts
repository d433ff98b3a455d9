// A serial model of the store: plain, mutable JS data, one operation at a time, applied in issue
// order. The operations are plain data, so the same description drives the model and the store.

import { DatastoreError, type Key } from '../../src/index'

export type Recipe =
  | { kind: 'add'; by: number }
  | { kind: 'push'; item: number }
  | { kind: 'assign'; key: string; value: unknown }
  | { kind: 'replace'; value: unknown }
  | { kind: 'throw' }

export type Step =
  | { type: 'set'; path: Key[]; value: unknown }
  | { type: 'delete'; path: Key[] }
  | { type: 'init'; path: Key[]; value: unknown }
  | { type: 'increment' | 'decrement'; path: Key[]; by: number | undefined }
  | { type: 'append'; path: Key[]; values: unknown[] }
  | { type: 'concat'; path: Key[]; value: unknown }
  | { type: 'operate'; path: Key[]; recipe: Recipe }

export type TxStep = Step | { type: 'data'; key: string; value: unknown }
export type AsyncStep = TxStep | { type: 'await'; macrotask: boolean } | { type: 'throw' } | { type: 'abort' }
export type Command = Step | { type: 'tx'; steps: TxStep[] } | { type: 'asyncTx'; steps: AsyncStep[] } | { type: 'pause'; macrotask: boolean }

/** The error that recipes and transactions throw on purpose. */
export class Boom extends Error {}

/** What the model raises where the store must fail: the code it must fail with. */
export class ModelError extends Error {
  constructor(readonly code: string) {
    super(code)
  }
}

export const MISSING = Symbol('missing')
/** One job's working copy, and whether the job wrote anything. */
type Box = { root: unknown; changed: boolean }

function touch(box: Box): void {
  box.changed = true
}

/**
 * Whether the job commits: only when its result holds other data than it started from (a job whose
 * writes cancel out, or that wrote equal copies, commits nothing). Key order counts: it is what a
 * reader iterates.
 */
function commits(box: Box, start: unknown): boolean {
  return box.changed && !sameData(start, box.root)
}

/** Equal content, with object keys and Map entries in the same order. */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b) || a instanceof Map !== b instanceof Map) return false
  const entries = (v: object): [unknown, unknown][] =>
    v instanceof Map ? [...v] : Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.keys(v).map((k) => [k, (v as Record<string, unknown>)[k]])
  const x = entries(a)
  const y = entries(b)
  return x.length === y.length && x.every(([k, v], i) => Object.is(k, y[i]![0]) && sameData(v, y[i]![1]))
}

export const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null
export const isRecord = (v: unknown): v is Record<string, unknown> => isContainer(v) && !Array.isArray(v) && !(v instanceof Map)
const isIndex = (k: Key, length: number) => typeof k === 'number' && Number.isInteger(k) && k >= 0 && k < length

/** A deep copy as plain data (it also reads Immer drafts, while they are alive). */
export function plain(v: unknown): unknown {
  if (!isContainer(v)) return v
  if (Array.isArray(v)) return v.map(plain)
  if (v instanceof Map) return new Map(Array.from(v, ([k, x]) => [k, plain(x)]))
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v)) out[k] = plain((v as Record<string, unknown>)[k])
  return out
}

function childOf(node: unknown, k: Key): unknown {
  if (Array.isArray(node)) return isIndex(k, node.length) ? node[k as number] : MISSING
  if (node instanceof Map) return node.has(k) ? node.get(k) : MISSING
  if (isRecord(node)) return Object.hasOwn(node, String(k)) ? node[String(k)] : MISSING
  return MISSING
}

export function resolve(root: unknown, keys: readonly Key[]): unknown {
  let node = root
  for (const k of keys) {
    node = childOf(node, k)
    if (node === MISSING) return MISSING
  }
  return node
}

function resolveStrict(root: unknown, keys: readonly Key[]): unknown {
  let node = root
  for (const k of keys) {
    if (!isContainer(node)) throw new ModelError('NOT_A_CONTAINER')
    node = childOf(node, k)
    if (node === MISSING) return MISSING
  }
  return node
}

function putChild(node: object, k: Key, v: unknown) {
  if (Array.isArray(node)) {
    if (!isIndex(k, node.length + 1)) throw new ModelError('INVALID_PATH')
    node[k as number] = v
  } else if (node instanceof Map) node.set(k, v)
  else (node as Record<string, unknown>)[String(k)] = v
}

function setAt(box: Box, keys: readonly Key[], v: unknown) {
  if (keys.length === 0) {
    if (!isContainer(v)) throw new ModelError('INVALID_VALUE')
    box.root = v
    touch(box)
    return
  }
  if (Object.is(resolve(box.root, keys), v)) return
  let node = box.root as object
  for (let i = 0; i < keys.length - 1; i++) {
    let child = childOf(node, keys[i]!)
    if (child === MISSING) putChild(node, keys[i]!, (child = {}))
    else if (!isContainer(child)) throw new ModelError('NOT_A_CONTAINER')
    node = child as object
  }
  putChild(node, keys[keys.length - 1]!, v)
  touch(box)
}

function runRecipe(box: Box, keys: Key[], r: Recipe, found: unknown): unknown {
  switch (r.kind) {
    case 'throw':
      throw new Boom()
    case 'add':
      if (typeof found !== 'number') return found
      setAt(box, keys, found + r.by)
      return found + r.by
    case 'push':
      if (!Array.isArray(found)) return found
      found.push(r.item)
      touch(box)
      return found
    case 'assign':
      if (found instanceof Map) {
        if (!(found.has(r.key) && found.get(r.key) === r.value)) {
          found.set(r.key, plain(r.value))
          touch(box)
        }
      } else if (isRecord(found)) {
        if (!(Object.hasOwn(found, r.key) && Object.is(found[r.key], r.value))) {
          found[r.key] = plain(r.value)
          touch(box)
        }
      }
      return found
    case 'replace': {
      if (r.value === undefined) return found
      const next = plain(r.value)
      setAt(box, keys, next)
      return next
    }
  }
}

function modelStep(box: Box, s: TxStep): unknown {
  if (s.type === 'data') {
    if (isRecord(box.root) && !(Object.hasOwn(box.root, s.key) && Object.is(box.root[s.key], s.value))) {
      box.root[s.key] = plain(s.value)
      box.changed = true
    }
    return undefined
  }
  const keys = s.path
  switch (s.type) {
    case 'set':
      setAt(box, keys, plain(s.value))
      return undefined
    case 'delete': {
      if (keys.length === 0) throw new ModelError('INVALID_PATH')
      if (resolveStrict(box.root, keys) === MISSING) return false
      const parent = resolve(box.root, keys.slice(0, -1))
      const last = keys[keys.length - 1]!
      if (Array.isArray(parent)) parent.splice(last as number, 1)
      else if (parent instanceof Map) parent.delete(last)
      else delete (parent as Record<string, unknown>)[String(last)]
      touch(box)
      return true
    }
    case 'init': {
      const found = resolveStrict(box.root, keys)
      if (found !== MISSING) return found
      const next = plain(s.value)
      setAt(box, keys, next)
      return next
    }
    case 'increment':
    case 'decrement': {
      const found = resolveStrict(box.root, keys)
      const current = absent(found) ? 0 : found
      if (typeof current !== 'number') throw new ModelError('TYPE_MISMATCH')
      const step = s.by ?? 1
      const next = s.type === 'increment' ? current + step : current - step
      setAt(box, keys, next)
      return next
    }
    case 'append': {
      const found = resolveStrict(box.root, keys)
      if (absent(found)) {
        setAt(box, keys, s.values.map(plain))
        return s.values.length
      }
      if (!Array.isArray(found)) throw new ModelError('TYPE_MISMATCH')
      if (s.values.length > 0) {
        found.push(...s.values.map(plain))
        touch(box)
      }
      return found.length
    }
    case 'concat': {
      const found = resolveStrict(box.root, keys)
      const v = s.value
      if (absent(found)) {
        if (typeof v !== 'string' && !Array.isArray(v)) throw new ModelError('TYPE_MISMATCH')
        const next = plain(v)
        setAt(box, keys, next)
        return next
      }
      if (typeof found === 'string') {
        if (typeof v !== 'string') throw new ModelError('TYPE_MISMATCH')
        setAt(box, keys, found + v)
        return found + v
      }
      if (!Array.isArray(found) || !Array.isArray(v)) throw new ModelError('TYPE_MISMATCH')
      if (v.length > 0) {
        found.push(...v.map(plain))
        touch(box)
      }
      return found
    }
    case 'operate': {
      const found = resolveStrict(box.root, keys)
      if (found === MISSING) throw new ModelError('PATH_NOT_FOUND')
      return runRecipe(box, keys, s.recipe, found)
    }
  }
}

export type Outcome = { ok: unknown } | { error: string }

/** Runs one command of the model against `state`; returns its outcome and whether it committed a change. */
export function modelCommand(state: { root: unknown }, c: Exclude<Command, { type: 'pause' }>): { outcome: Outcome; changed: boolean } {
  const box: Box = { root: plain(state.root), changed: false }
  try {
    let result: unknown
    if (c.type === 'tx') {
      result = c.steps.map((s) => plain(modelStep(box, s)))
    } else if (c.type === 'asyncTx') {
      const results: unknown[] = []
      for (const s of c.steps) {
        if (s.type === 'await') continue
        if (s.type === 'throw') throw new Boom()
        if (s.type === 'abort') throw new ModelError('ABORTED')
        results.push(plain(modelStep(box, s)))
      }
      result = results
    } else {
      result = plain(modelStep(box, c))
    }
    const changed = commits(box, state.root)
    if (changed) state.root = box.root
    return { outcome: { ok: result }, changed }
  } catch (error) {
    return { outcome: { error: codeOf(error) }, changed: false }
  }
}

export function codeOf(error: unknown): string {
  if (error instanceof DatastoreError || error instanceof ModelError) return error.code
  if (error instanceof Boom) return 'BOOM'
  return `UNEXPECTED ${String(error)}`
}

/** Counters, lists and strings start from nothing where there is no value or only `undefined`. */
const absent = (found: unknown) => found === MISSING || found === undefined

/** The value at `keys`, or undefined where they do not resolve. */
export const valueAt = (root: unknown, keys: readonly Key[]): unknown => {
  const found = resolve(root, keys)
  return found === MISSING ? undefined : found
}
