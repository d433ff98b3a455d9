// The store: committed state, one dispatch queue, path-indexed subscribers.

import { describe, fail } from './errors'
import { decode, encode } from './json'
import { applyOp, makeOp, operate as operateOp } from './ops'
import { type Key, ownKeys, toKeys } from './path'
import { DispatchQueue } from './queue'
import { Reader } from './read'
import { type Listener, SubscriptionIndex } from './subscriptions'
import { type Recipe, runTransaction, type Transaction, type TransactionHost, type TransactionOptions } from './transaction'
import { Kind, kindOf } from './tree'
import type { DeepReadonly, Path, PathTo, PathValue } from './types'
import { adopt } from './value'
import { warnDottedPath } from './warn'
import { type LoggedOp, Writer } from './writer'

export interface DatastoreOptions {
  /** Receives errors thrown by subscribers. Without it they are rethrown asynchronously. */
  readonly onError?: ((error: unknown) => void) | undefined
}

type Item<A> = A extends readonly (infer E)[] ? E : unknown

/**
 * What a view layer needs from a store: synchronous reads and path subscriptions. A local store and
 * a remote replica both provide it, and the React hooks depend on nothing else.
 */
export type DatastoreLike<T extends object = Record<string, any>> = Pick<
  Datastore<T>,
  'get' | 'has' | 'subscribe' | 'state' | 'initialState' | 'version'
>

/** A raw mutation description, checked by `makeOp`. */
export type OpRequest = { type: string; path: unknown; value?: unknown; by?: unknown; values?: unknown }

/** Test-only view of a store's internals. */
export const inspectStore = Symbol('atomic-datastore.inspect')

/** The store's plumbing, for the worker bridge: the same queue and commits, without the types. */
export const internals = Symbol('atomic-datastore.internals')

/** One commit, as extensions (the bridge, devtools, history, persistence, Yjs) observe it. */
export interface Commit {
  readonly prev: unknown
  readonly next: unknown
  readonly version: number
  /** Paths at or under which everything that changed lies; `null` means anywhere. */
  readonly touched: readonly (readonly Key[])[] | null
  /** The mutation (`'increment'`, `'transaction'`, `'sync'`...) or the transaction's `name`. */
  readonly label: string
  /** The named mutations and `operate`s that made it, in order. */
  readonly ops: readonly LoggedOp[]
  /** Who issued it: `undefined` for the store's own callers, else the extension or bridge that did. */
  readonly origin: unknown
}

export type CommitObserver = (commit: Commit) => void

export interface StoreInternals {
  /** Issues a named mutation, as the store's own mutators do. */
  dispatch(request: OpRequest, origin?: unknown): Promise<unknown>
  /** Runs a job on the queue against a writer and commits what it wrote under `label`. */
  enqueue<R>(label: string, job: (writer: Writer) => R, origin?: unknown): Promise<R>
  /** Runs a transaction, as the store's `transaction` does, on behalf of `origin`. */
  transaction<R>(fn: (tx: Transaction<any>) => R, options: TransactionOptions | undefined, origin: unknown): Promise<Awaited<R>>
  /** Observes every commit with what it touched, who made it, and how. Returns the stop function. */
  observe(observer: CommitObserver): () => void
}

/**
 * A store of one immutable state tree. Every mutation is a job on the store's dispatch queue and
 * returns a Promise; reads are synchronous and see the last commit.
 *
 * @example
 * const store = createDatastore({ counter: 0, nested: { items: [] as string[] } })
 * await store.increment('counter', 5)          // 5
 * await store.append(['nested', 'items'], 'a')  // 1
 * await store.transaction((tx) => tx.set('counter', tx.get('counter') + 1))
 */
export class Datastore<T extends object = Record<string, any>> extends Reader<T> {
  #state: T
  readonly #initial: T
  #version = 0
  readonly #subscriptions = new SubscriptionIndex()
  readonly #queue = new DispatchQueue()
  readonly #report: (error: unknown) => void
  readonly #observers = new Set<CommitObserver>()

  constructor(initial?: T, options?: DatastoreOptions) {
    super()
    this.#state = this.#initial = asRoot('createDatastore', adopt('createDatastore', [], initial === undefined ? {} : initial)) as T
    const onError = options?.onError
    this.#report = onError
      ? (error) => {
          try {
            onError(error)
          } catch (failure) {
            reportLater(failure)
          }
        }
      : reportLater
  }

  /** A store rebuilt from `toJSON()` output (or its JSON text). */
  static fromJSON<T extends object = Record<string, any>>(json: unknown, options?: DatastoreOptions): Datastore<T> {
    return new Datastore<T>(asRoot('fromJSON', decode(json)) as T, options)
  }

  protected current(): T {
    return this.#state
  }

  /** The current committed root, frozen. */
  get state(): DeepReadonly<T> {
    return this.#state as DeepReadonly<T>
  }

  /** The root the store was created with (React's server snapshot). */
  get initialState(): T {
    return this.#initial
  }

  /** Grows by one with every commit that changed something. */
  get version(): number {
    return this.#version
  }

  /** Sets the value at `path`, creating missing plain objects on the way. `set([], root)` replaces the root. */
  set<const P extends Path<T>>(path: P, value: DeepReadonly<PathValue<T, P>>): Promise<void> {
    return this.dispatch({ type: 'set', path, value }) as Promise<void>
  }

  /** Removes the value at `path` (an array index is spliced out); resolves to whether there was one. */
  delete(path: Path<T>): Promise<boolean> {
    return this.dispatch({ type: 'delete', path }) as Promise<boolean>
  }

  /** Sets `value` only where `path` does not resolve; resolves to the value now stored. */
  init<const P extends Path<T>>(path: P, value: DeepReadonly<PathValue<T, P>>): Promise<DeepReadonly<PathValue<T, P>>> {
    return this.dispatch({ type: 'init', path, value }) as Promise<DeepReadonly<PathValue<T, P>>>
  }

  /** Adds `by` (default 1) to the number at `path`; a missing value counts as 0. */
  increment(path: PathTo<T, number>, by?: number): Promise<number> {
    return this.dispatch({ type: 'increment', path, by }) as Promise<number>
  }

  /** Subtracts `by` (default 1) from the number at `path`; a missing value counts as 0. */
  decrement(path: PathTo<T, number>, by?: number): Promise<number> {
    return this.dispatch({ type: 'decrement', path, by }) as Promise<number>
  }

  /** Pushes values onto the array at `path` (created if missing); resolves to the new length. */
  append<const P extends PathTo<T, readonly unknown[]>>(path: P, ...values: DeepReadonly<Item<PathValue<T, P>>>[]): Promise<number> {
    return this.dispatch({ type: 'append', path, values }) as Promise<number>
  }

  /** Joins a string to a string, or an array to an array; a missing value becomes `value`. */
  concat<const P extends PathTo<T, string | readonly unknown[]>>(path: P, value: DeepReadonly<NonNullable<PathValue<T, P>>>): Promise<DeepReadonly<PathValue<T, P>>> {
    return this.dispatch({ type: 'concat', path, value }) as Promise<DeepReadonly<PathValue<T, P>>>
  }

  /**
   * Runs `fn` on the value at `path` (which must exist), as an Immer recipe: mutate the draft or
   * return a new value. Resolves to the new value.
   *
   * @example
   * await store.operate(['config', 'database', 'port'], (port) => port + 1)
   * await store.operate(['todos'], (todos) => { todos.push({ title: 'x' }) })
   */
  operate<const P extends Path<T>>(path: P, fn: Recipe<PathValue<T, P>>): Promise<DeepReadonly<PathValue<T, P>>> {
    return this.enqueueOperate('operate', path, fn) as Promise<DeepReadonly<PathValue<T, P>>>
  }

  /** `operate` on one top-level key. */
  update<K extends Path<T> & string>(key: K, fn: Recipe<PathValue<T, K>>): Promise<DeepReadonly<PathValue<T, K>>> {
    return this.enqueueOperate('update', key, fn) as Promise<DeepReadonly<PathValue<T, K>>>
  }

  /**
   * Runs `fn` with a synchronous view of the store and commits all its changes at once. An async
   * `fn` holds the store across its awaits: every other mutation waits behind it.
   *
   * @example
   * await store.transaction(async (tx) => {
   *   const balance = tx.get('balance')
   *   await audit(balance)
   *   tx.set('balance', balance - 10)
   * }, { timeoutMs: 5000 })
   */
  transaction<R>(fn: (tx: Transaction<T>) => R, options?: TransactionOptions): Promise<Awaited<R>> {
    return runTransaction(this.#hostFor(undefined), fn, options)
  }

  /**
   * Calls `listener(state, prevState)` after every commit, or `listener(value, prevValue)` after
   * every commit that changed the value at `path`. Returns the unsubscribe function.
   */
  subscribe(listener: (state: DeepReadonly<T>, prevState: DeepReadonly<T>) => void): () => void
  subscribe<const P extends Path<T>>(
    path: P,
    listener: (value: DeepReadonly<PathValue<T, P>>, prevValue: DeepReadonly<PathValue<T, P>>) => void,
  ): () => void
  subscribe(pathOrListener: unknown, listener?: Listener): () => void {
    if (typeof pathOrListener === 'function') return this.#subscriptions.add([], pathOrListener as Listener)
    const keys = toKeys('subscribe', pathOrListener)
    warnDottedPath('subscribe', this.#state, pathOrListener)
    if (typeof listener !== 'function') throw fail.typeMismatch('subscribe', keys, 'a listener function', listener)
    return this.#subscriptions.add(keys, listener)
  }

  /** A JSON-safe value that `fromJSON` turns back into an equal store. */
  toJSON(): unknown {
    return encode(this.#state)
  }

  get [internals](): StoreInternals {
    return {
      dispatch: (request, origin) => this.dispatch(request, origin),
      enqueue: (label, job, origin) => this.enqueue(label, job, undefined, origin),
      transaction: (fn, options, origin) => runTransaction(this.#hostFor(origin), fn, options),
      observe: (observer) => {
        this.#observers.add(observer)
        return () => void this.#observers.delete(observer)
      },
    }
  }

  [inspectStore]() {
    return { ...this.#subscriptions.size, queued: this.#queue.pending, observers: this.#observers.size }
  }

  /** Issues a named mutation. A replica overrides this to forward it to its owner. */
  protected dispatch(request: OpRequest, origin?: unknown): Promise<unknown> {
    warnDottedPath(request.type, this.#state, request.path)
    let op
    try {
      op = makeOp(request)
    } catch (error) {
      return Promise.reject(error)
    }
    return this.enqueue(op.type, (writer) => applyOp(writer, op), undefined, origin)
  }

  protected enqueueOperate(op: string, path: unknown, fn: unknown): Promise<unknown> {
    let keys: readonly Key[]
    try {
      keys = ownKeys(op, path)
      if (typeof fn !== 'function') throw fail.typeMismatch(op, keys, 'a function', fn)
    } catch (error) {
      return Promise.reject(error)
    }
    return this.runOperate(op, keys, fn as (value: never) => unknown)
  }

  /** Runs a checked `operate`. A replica overrides this to run it optimistically against its owner. */
  protected runOperate(op: string, keys: readonly Key[], fn: (value: never) => unknown): Promise<unknown> {
    return this.enqueue(op, (writer) => operateOp(writer, op, keys, fn))
  }

  /** Runs `job` on the queue against a writer, commits what it wrote, and settles with its result. */
  protected enqueue<R>(op: string, job: (writer: Writer) => R, version?: number, origin?: unknown): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push(() => {
        const writer = new Writer(this.#state)
        let result: R
        try {
          result = job(writer)
          this.commit(writer, op, version, origin)
        } catch (error) {
          return reject(error)
        }
        resolve(result)
      })
    })
  }

  /** Seals what `writer` wrote and makes it the state; notifies subscribers of what changed. */
  protected commit(writer: Writer, op: string, version?: number, origin?: unknown): void {
    const next = writer.finish(op) as T
    const prev = this.#state
    if (next === prev) {
      if (version !== undefined) this.#version = version
      return
    }
    this.#state = next
    this.#version = version ?? this.#version + 1
    version = this.#version
    if (this.#observers.size) {
      const commit: Commit = { prev, next, version, touched: writer.touched, label: op, ops: writer.log, origin }
      for (const observer of this.#observers) observer(commit)
    }
    this.#subscriptions.notify(prev, next, writer.touched, this.#report)
  }

  protected get queue(): DispatchQueue {
    return this.#queue
  }

  #hostFor(origin: unknown): TransactionHost {
    const store = this
    return {
      queue: this.#queue,
      get root() {
        return store.#state
      },
      initial: this.#initial,
      get version() {
        return store.#version
      },
      commit: (writer, op) => this.commit(writer, op, undefined, origin),
    }
  }
}

/** A root must be a container: an object, array or Map. */
function asRoot(op: string, root: unknown): unknown {
  if (kindOf(root) === Kind.None) throw fail.invalidValue(op, [], describe(root), 'an object, array or Map as the root')
  return root
}

function reportLater(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (typeof report === 'function') report(error)
  else
    queueMicrotask(() => {
      throw error
    })
}

/**
 * Creates a store. Same as `new Datastore(initial, options)`.
 *
 * @example
 * const store = createDatastore({ user: { profile: { score: 0 } } })
 * store.get(['user', 'profile', 'score'])   // 0
 */
export function createDatastore<T extends object = Record<string, any>>(initial?: T, options?: DatastoreOptions): Datastore<T> {
  return new Datastore<T>(initial, options)
}

/** Rebuilds a store from `toJSON()` output. Same as `Datastore.fromJSON`. */
export function fromJSON<T extends object = Record<string, any>>(json: unknown, options?: DatastoreOptions): Datastore<T> {
  return Datastore.fromJSON<T>(json, options)
}
