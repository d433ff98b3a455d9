// bindYjs: a store and a Y.Doc kept in step. Local commits go into the doc (local.ts), remote Yjs
// transactions come into the store through its queue (remote.ts), and each side ignores the echo
// of the other by the binding's own origin.

import type * as Y from 'yjs'
import { type Commit, coreOf, type Datastore, fail, isForbiddenKey, type Key, keysOf, MISSING, reportLater, resolve, toKeys } from '../core/internal'
import { fromY, storeKey } from './convert'
import { yjsFail } from './errors'
import { applyChanges, LABEL, readEvents } from './remote'
import { type DocSide, writeCommit } from './local'
import { TextPaths } from './text-paths'

/**
 * A `Y.Doc`, typed by the members the binding calls, so that these types do not reach into yjs's
 * own (ES module only, which a CommonJS consumer under `node16` cannot import).
 */
export interface YDoc {
  readonly clientID: number
  getMap(name?: string): unknown
  transact(fn: (transaction: any) => any, origin?: any): any
}

export interface YjsOptions {
  /** The name of the doc's root map: `doc.getMap(name)`. Default `'atomic-datastore'`. */
  readonly name?: string | undefined
  /** Where the bound object sits in the store; its keys are the root map's entries. Default `[]`. */
  readonly path?: string | readonly Key[] | undefined
  /** Store paths whose strings are Y.Text, so that `concat` from every device lands. */
  readonly text?: readonly (string | readonly Key[])[] | undefined
  /** Receives remote content the store cannot hold (left out) and other failures of the binding. */
  readonly onError?: ((error: unknown) => void) | undefined
}

export interface YjsBinding {
  /** Stops syncing in both directions. Safe to call twice. */
  destroy(): void
}

/**
 * Binds a store to a Y.Doc, both ways. Each local commit becomes one Yjs transaction and each
 * remote Yjs update one store commit. Counters add up across devices, appends all land, text
 * under `text` paths merges, and other writes are last writer wins per key.
 *
 * On binding, an empty doc takes the store's state; otherwise the store takes the doc's.
 *
 * @example
 * import * as Y from 'yjs'
 * import { WebsocketProvider } from 'y-websocket'
 * const doc = new Y.Doc()
 * const binding = bindYjs(store, doc, { text: [['note']] })
 * new WebsocketProvider('wss://example.com', 'room', doc)
 * await store.increment('likes')   // adds up with every other device's increments
 * binding.destroy()
 */
export function bindYjs<T extends object>(store: Datastore<T>, ydoc: YDoc, options: YjsOptions = {}): YjsBinding {
  const doc = ydoc as unknown as Y.Doc
  const path = toKeys('bindYjs', options.path ?? [])
  const found = resolve(store.state, path)
  if (found !== MISSING && (typeof found !== 'object' || found === null || Array.isArray(found) || found instanceof Map || found instanceof Set || found instanceof Date)) {
    throw yjsFail.notBindable(path, found)
  }
  const side: DocSide = { doc, root: doc.getMap(options.name ?? 'atomic-datastore'), path, text: TextPaths.of(options.text ?? []) }
  const onError = options.onError
  const report = (error: unknown) => {
    try {
      if (onError) return onError(error)
    } catch (failure) {
      error = failure
    }
    reportLater(error)
  }
  const core = coreOf(store)
  const binding: YjsBinding = { destroy }
  let live = true

  const onCommit = (commit: Commit) => {
    if (commit.origin === binding || !live) return
    try {
      doc.transact(() => writeCommit(side, commit), binding)
    } catch (error) {
      report(error)
    }
  }
  const onEvents = (events: Y.YEvent<any>[], transaction: Y.Transaction) => {
    if (transaction.origin === binding || !live) return
    try {
      const changes = readEvents(events, path, report)
      if (changes.length) core.enqueue(LABEL, (writer) => applyChanges(writer, changes, report), binding).catch(report)
    } catch (error) {
      report(error)
    }
  }

  if (side.root.size === 0) {
    if (found !== MISSING && keysOf(found).length) {
      doc.transact(() => writeCommit(side, { prev: {}, next: store.state, version: 0, touched: null, label: 'bind', ops: [{ type: 'set', path, value: found }], origin: undefined }), binding)
    }
  } else {
    core.enqueue(LABEL, (writer) => writer.put(LABEL, path, readRoot(side, report)), binding).catch(report)
  }
  const stopCommits = core.observe(onCommit)
  side.root.observeDeep(onEvents)

  function destroy(): void {
    if (!live) return
    live = false
    stopCommits()
    side.root.unobserveDeep(onEvents)
  }
  return binding
}

/** The doc's root map as the store's object, key by key: a key the store cannot hold is left out and reported. */
function readRoot(side: DocSide, report: (error: unknown) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of side.root.entries()) {
    try {
      const name = storeKey(key)
      const at = [...side.path, name ?? key]
      if (name === undefined) throw yjsFail.reservedKey(LABEL, at)
      if (isForbiddenKey(name)) throw fail.forbiddenKey(LABEL, at, name)
      out[name] = fromY(LABEL, at, value)
    } catch (error) {
      report(error)
    }
  }
  return out
}
