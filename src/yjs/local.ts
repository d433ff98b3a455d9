// Local commits into the doc, one Yjs transaction each. Named mutations are replayed as what they
// mean: increments add to this client's counter entry, appends push onto the Y.Array, concat on
// text inserts at its end, sets and deletes write their key. What `operate` (or `tx.data`) did is
// not known step by step, so its paths are brought to the committed state by a diff at the end,
// which writes only what differs (last writer wins per key).

import * as Y from 'yjs'
import { applyOp, type Commit, diff, type Key, type LoggedOp, MISSING, PatchOp, resolve, Writer } from '../core/internal'
import { addTo, isCounter, makeCounter } from './counter'
import { docKey, fromY, storeKey, toY } from './convert'
import { locate, NOTHING, type Place, put, remove, valueAt } from './doc-tree'
import type { TextPaths } from './text-paths'

/** What writing into the doc needs to know. */
export interface DocSide {
  readonly doc: Y.Doc
  readonly root: Y.Map<unknown>
  /** Where the doc's root map sits in the store. */
  readonly path: readonly Key[]
  readonly text: TextPaths
}

/** Writes one local commit into the doc (the caller wraps it in a Yjs transaction). */
export function writeCommit(side: DocSide, commit: Commit): void {
  const reconcile: Key[][] = []
  const only = commit.ops.length <= 1
  const shifts = commit.ops.some((op) => op.type === 'delete')
  // A job that wrote through the writer without naming a mutation (another extension's load, say): its touched paths.
  const ops: readonly LoggedOp[] = commit.ops.length ? commit.ops : (commit.touched ?? [[]]).map((path) => ({ type: 'operate', path }))
  for (const op of ops) {
    const rel = relative(side.path, op.path)
    if (rel === undefined) continue
    if (rel === 'above' || rel.length === 0) reconcile.push([])
    else if (op.type === 'operate') reconcile.push(shifts && !only ? beforeIndex(rel) : rel)
    else replay(side, op, rel)
  }
  for (const rel of outermost(reconcile)) {
    const at = [...side.path, ...rel]
    const before = only ? resolve(commit.prev, at) : readDoc(side, rel)
    const after = resolve(commit.next, at)
    if (before === after) continue
    if (after === MISSING) {
      if (rel.length) removeAt(side, rel)
      continue
    }
    if (before === MISSING) writeFinal(side, rel, commit.next)
    else applyDiff(side, rel, diff(before, after, null), commit.next)
  }
}

/** `path` relative to the bound path: `undefined` outside it, `'above'` for an ancestor of it. */
function relative(bound: readonly Key[], path: readonly Key[]): Key[] | 'above' | undefined {
  const shared = Math.min(bound.length, path.length)
  for (let i = 0; i < shared; i++) if (String(bound[i]) !== String(path[i])) return undefined
  return path.length < bound.length ? 'above' : path.slice(bound.length)
}

/** A named mutation, as what it means. Where the doc holds no container for it, it is replayed on a copy of the value there. */
function replay(side: DocSide, op: LoggedOp, rel: Key[]): void {
  const place = locate(side.root, rel)
  if (place.depth < rel.length) return rewrite(side, op, rel, place)
  const { parent, key, value } = place
  const text = side.text.at([...side.path, ...rel])
  switch (op.type) {
    case 'increment':
    case 'decrement': {
      const by = op.type === 'increment' ? op.by : -op.by
      if (isCounter(value)) return addTo(value, side.doc.clientID, by)
      if (value === NOTHING && parent instanceof Y.Map) return void parent.set(docKey(key), counterOf(side.doc, by))
      break
    }
    case 'append':
      if (value instanceof Y.Array) return value.push(op.values.map((item, i) => toY(item, text?.child(value.length + i), true)))
      if (value === NOTHING) return put(parent, key, op.values, text)
      break
    case 'concat':
      if (value instanceof Y.Text && typeof op.value === 'string') return value.insert(value.length, op.value)
      if (value instanceof Y.Array && Array.isArray(op.value)) return value.push(op.value.map((item, i) => toY(item, text?.child(value.length + i), true)))
      break
    case 'set':
      return put(parent, key, op.value, text)
    case 'init':
      if (value === NOTHING) put(parent, key, op.value, text)
      return
    case 'delete':
      return remove(parent, key)
  }
  rewrite(side, op, rel, place)
}

/** A counter created by this client's first increment: its entry holds the increment. */
function counterOf(doc: Y.Doc, by: number): Y.Map<unknown> {
  const counter = makeCounter(0)
  counter.set(String(doc.clientID), by)
  return counter
}

/** Replays `op` on a copy of the value where the walk stopped, and writes the result back. */
function rewrite(side: DocSide, op: LoggedOp, rel: Key[], place: Place): void {
  const region = rel.slice(0, place.depth)
  const current = place.value === NOTHING ? MISSING : fromY('yjs', [...side.path, ...region], place.value)
  const writer = new Writer(current === MISSING ? {} : { v: current })
  applyOp(writer, { ...op, path: ['v', ...rel.slice(place.depth)] } as never)
  const result = resolve(writer.finish('yjs'), ['v'])
  if (result === MISSING) remove(place.parent, place.key)
  else put(place.parent, place.key, result, side.text.at([...side.path, ...region]))
}

/** The paths that are not under another one of them. */
function outermost(paths: Key[][]): Key[][] {
  const sorted = paths.sort((a, b) => a.length - b.length)
  return sorted.filter((path, i) => !sorted.slice(0, i).some((above) => above.every((key, j) => String(key) === String(path[j]))))
}

/** The part of `rel` before its first array index: a deletion elsewhere in the array may have moved what lies below. */
function beforeIndex(rel: Key[]): Key[] {
  const index = rel.findIndex((key) => typeof key === 'number')
  return index < 0 ? rel : rel.slice(0, index)
}

function readDoc(side: DocSide, rel: Key[]): unknown {
  const value = valueAt(side.root, rel)
  return value === NOTHING ? MISSING : fromY('yjs', [...side.path, ...rel], value)
}

/** Writes the committed value at `rel`; where the doc holds a value above it whole (a counter, a tagged value, text), that whole value. */
function writeFinal(side: DocSide, rel: Key[], next: unknown): void {
  if (rel.length === 0) {
    const object = resolve(next, side.path) as Record<string, unknown>
    for (const key of [...side.root.keys()]) if (!Object.hasOwn(object, storeKey(key) ?? '')) side.root.delete(key)
    for (const key of Object.keys(object)) put(side.root, key, object[key], side.text.at([...side.path, key]))
    return
  }
  const place = locate(side.root, rel)
  const at = [...side.path, ...rel.slice(0, place.depth)]
  const value = resolve(next, at)
  if (value === MISSING) remove(place.parent, place.key)
  else put(place.parent, place.key, value, side.text.at(at))
}

function removeAt(side: DocSide, rel: Key[]): void {
  const place = locate(side.root, rel)
  if (place.depth === rel.length) remove(place.parent, place.key)
}

/** Patches from `diff`, relative to `base`, written into the doc. */
function applyDiff(side: DocSide, base: Key[], patches: unknown[], next: unknown): void {
  for (let i = 0; i < patches.length; i += 3) {
    const rel = [...base, ...(patches[i + 1] as Key[])]
    const kind = patches[i]
    const at = [...side.path, ...rel]
    const place = rel.length === 0 ? undefined : locate(side.root, rel)
    if (place === undefined || place.depth < rel.length || kind === PatchOp.Elements) {
      writeFinal(side, rel, next)
      continue
    }
    const { parent, key } = place
    if (kind === PatchOp.Remove) remove(parent, key)
    else if (kind === PatchOp.Add && parent instanceof Y.Array) parent.insert(Math.min(key as number, parent.length), [toY(patches[i + 2], side.text.at(at), true)])
    else put(parent, key, patches[i + 2], side.text.at(at))
  }
}
