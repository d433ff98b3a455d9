// Transactions: the view that a transaction's function gets, and the job that runs it, sync or
// async, holding the queue across awaits until it commits once or rolls back.

import type { Draft } from 'immer'
import { checkArguments, Deadline } from './deadline'
import { type DatastoreError, fail } from './errors'
import { applyOp, isThenable, makeOp, operate as operateOp, refuseAsync } from './ops'
import { toKeys } from './path'
import type { DispatchQueue } from './queue'
import { Reader } from './read'
import type { Transaction as TransactionApi } from './transaction-type'
import type { DeepReadonly, Path, PathTo, PathValue } from './types'
import { Writer } from './writer'

export interface TransactionOptions {
  /** Aborting rolls the transaction back and rejects it with `ABORTED`. */
  readonly signal?: AbortSignal | undefined
  /** Rolls back and rejects with `TIMEOUT` this many ms after the transaction takes the store. */
  readonly timeoutMs?: number | undefined
  /** A label for the commit, shown by devtools and history instead of `'transaction'`. */
  readonly name?: string | undefined
}

/** The view a transaction's function gets (its public type is in transaction-type.ts). */
export class Transaction<T extends object> extends Reader<T> implements TransactionApi<T> {
  #open = true

  readonly #writer: Writer
  /** The store's version when the transaction took it. */
  readonly version: number
  readonly #label: string
  readonly #initial: T | undefined

  constructor(writer: Writer, version: number, label: string, initial: T | undefined) {
    super()
    this.#writer = writer
    this.version = version
    this.#label = label
    this.#initial = initial
  }

  protected current(): T {
    if (!this.#open) throw fail.finished(this.#label)
    return this.#writer.root as T
  }

  protected override expose<V>(value: V): V {
    return this.#writer.expose(value)
  }

  /** The whole state as the transaction sees it now. */
  get state(): DeepReadonly<T> {
    return this.expose(this.current()) as DeepReadonly<T>
  }

  /** The root the store was created with, as the store's own `initialState`. */
  get initialState(): T {
    this.current()
    return this.#initial as T
  }

  /** The raw Immer draft of the root: mutate it freely; it commits with the rest. */
  get data(): Draft<T> {
    this.current()
    return this.#writer.data as Draft<T>
  }

  set<const P extends Path<T>>(path: P, value: DeepReadonly<PathValue<T, P>>): void {
    this.#apply({ type: 'set', path, value })
  }

  delete(path: Path<T>): boolean {
    return this.#apply({ type: 'delete', path }) as boolean
  }

  init<const P extends Path<T>>(path: P, value: DeepReadonly<PathValue<T, P>>): DeepReadonly<PathValue<T, P>> {
    return this.#apply({ type: 'init', path, value }) as DeepReadonly<PathValue<T, P>>
  }

  increment(path: PathTo<T, number>, by?: number): number {
    return this.#apply({ type: 'increment', path, by }) as number
  }

  decrement(path: PathTo<T, number>, by?: number): number {
    return this.#apply({ type: 'decrement', path, by }) as number
  }

  append<const P extends PathTo<T, readonly unknown[]>>(path: P, ...values: DeepReadonly<Item<PathValue<T, P>>>[]): number {
    return this.#apply({ type: 'append', path, values }) as number
  }

  concat<const P extends PathTo<T, string | readonly unknown[]>>(path: P, value: DeepReadonly<NonNullable<PathValue<T, P>>>): DeepReadonly<PathValue<T, P>> {
    return this.#apply({ type: 'concat', path, value }) as DeepReadonly<PathValue<T, P>>
  }

  operate<const P extends Path<T>>(path: P, fn: Recipe<PathValue<T, P>>): DeepReadonly<PathValue<T, P>> {
    this.current()
    return operateOp(this.#writer, 'operate', toKeys('operate', path), fn) as DeepReadonly<PathValue<T, P>>
  }

  update<K extends Path<T> & string>(key: K, fn: Recipe<PathValue<T, K>>): DeepReadonly<PathValue<T, K>> {
    this.current()
    return operateOp(this.#writer, 'update', toKeys('update', key), fn) as DeepReadonly<PathValue<T, K>>
  }

  /** A nested transaction: if `fn` throws, only its own changes are rolled back. */
  transaction<R>(fn: (tx: this) => R): R {
    this.current()
    const rollback = this.#writer.savepoint(this.#label)
    try {
      return refuseAsync('transaction', [], fn(this)) as R
    } catch (error) {
      rollback()
      throw error
    }
  }

  /** Ends the view: every later use throws. */
  close(): void {
    this.#open = false
  }

  #apply(raw: { type: string; path: unknown; value?: unknown; by?: unknown; values?: unknown }): unknown {
    this.current()
    return applyOp(this.#writer, makeOp(raw))
  }
}

/** A transaction's view of `writer`, which was taken at `version`; `label` names it in errors. */
export const openTransaction = (writer: Writer, version: number, label: string, initial: unknown): Transaction<any> =>
  new Transaction(writer, version, label, initial as object)

/** A function that mutates an Immer draft of the value, or returns a new value. */
export type Recipe<V> = (draft: Draft<V>) => V | Draft<V> | void | undefined

type Item<A> = A extends readonly (infer E)[] ? E : unknown

/** A transaction's function as the executors run it: the view, and the writer beneath it. */
export type TransactionJob<R> = (tx: Transaction<any>, writer: Writer) => R

/** What the store lends a running transaction. */
export interface TransactionHost {
  readonly queue: DispatchQueue
  readonly root: unknown
  readonly initial: unknown
  readonly version: number
  commit(writer: Writer, label: string, origin: unknown): void
}

/** Runs `fn` as one job on `host`'s queue; an async `fn` holds the queue until it settles. */
export function runTransaction<R>(host: TransactionHost, fn: TransactionJob<R>, options: TransactionOptions | null | undefined, origin: unknown): Promise<Awaited<R>> {
  const { signal, timeoutMs, name } = options ?? {}
  const op = 'transaction'
  return new Promise((resolve, reject) => {
    const wrong = checkArguments(fn, signal, timeoutMs, name)
    if (wrong) return reject(wrong)
    let tx: Transaction<any> | undefined
    let release: (() => void) | undefined
    const deadline = Deadline(op, signal, timeoutMs, (error) => {
      tx?.close()
      reject(error)
      release?.()
    })
    if (deadline.settled) return

    host.queue.push(() => {
      if (deadline.settled) return
      const writer = new Writer(host.root)
      const view = (tx = openTransaction(writer, host.version, op, host.initial))
      const succeed = (value: Awaited<R>) => {
        if (!deadline.settle()) return
        view.close()
        // Drafts die with the commit: hand out what they hold instead.
        const result = writer.settle(value)
        try {
          host.commit(writer, name ?? op, origin)
          resolve(result)
        } catch (error) {
          reject(error)
        }
        release?.()
      }
      const failWith = (error: unknown) => deadline.stop(error)

      let result: R
      try {
        result = fn(view, writer)
      } catch (error) {
        return failWith(error)
      }
      if (!isThenable(result)) return succeed(result as Awaited<R>)
      // Aborted before fn's first await: it is already over and must not hold the queue.
      if (!deadline.settled) {
        release = host.queue.hold()
        deadline.arm()
      }
      result.then((value) => succeed(value as Awaited<R>), failWith)
    })
  })
}
