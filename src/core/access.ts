// The mutators' one implementation, shared by the store (each returns a Promise) and the transaction
// view (each returns its result). Each class declares their types; this turns a call into a request.

import { Reader } from './read'

export abstract class Access<T extends object> extends Reader<T> {
  /** Runs a named mutation, described as data. */
  protected abstract mutate(request: { type: string; path: unknown; value?: unknown; by?: unknown; values?: unknown }): unknown
  /** Runs `operate` (or `update`, the `label`) at an unchecked path. */
  protected abstract operateAt(label: string, path: unknown, fn: unknown): unknown

  set(path: unknown, value: unknown): any {
    return this.mutate({ type: 'set', path, value })
  }

  delete(path: unknown): any {
    return this.mutate({ type: 'delete', path })
  }

  init(path: unknown, value: unknown): any {
    return this.mutate({ type: 'init', path, value })
  }

  increment(path: unknown, by?: number): any {
    return this.mutate({ type: 'increment', path, by })
  }

  decrement(path: unknown, by?: number): any {
    return this.mutate({ type: 'decrement', path, by })
  }

  append(path: unknown, ...values: unknown[]): any {
    return this.mutate({ type: 'append', path, values })
  }

  concat(path: unknown, value: unknown): any {
    return this.mutate({ type: 'concat', path, value })
  }

  operate(path: unknown, fn: unknown): any {
    return this.operateAt('operate', path, fn)
  }

  update(key: unknown, fn: unknown): any {
    return this.operateAt('update', key, fn)
  }
}
