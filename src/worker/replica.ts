// The replica: a store like any other, whose executor is remote (remote.ts), plus its connection.

import { Datastore, type DatastoreOptions, withExecutor } from '../core/internal'
import type { Endpoint } from './endpoint'
import { Link } from './link'
import type { LivenessOptions } from './liveness'
import { RemoteExecutor } from './remote'
import type { RemoteDatastore as RemoteDatastoreApi } from './replica-type'
import { O } from './wire'

export interface ConnectOptions extends LivenessOptions, DatastoreOptions {}

/**
 * Connects to a store exposed on `endpoint` and resolves with a replica that has the store's whole
 * interface: synchronous reads from a local copy, mutators that resolve once the owner committed
 * them and the replica caught up, `subscribe`, `transaction`.
 *
 * @example
 * // worker.ts
 * const store = await connectDatastore<State>(self)
 * await store.increment('counter')
 */
export async function connectDatastore<T extends object = Record<string, any>>(endpoint: Endpoint, options: ConnectOptions = {}): Promise<RemoteDatastoreApi<T>> {
  const link = new Link(endpoint, options)
  const snapshot = await link.connected
  try {
    return new RemoteDatastore<T>(link, snapshot[O.Value] as T, snapshot[O.Version], options)
  } catch (error) {
    link.close()
    throw error
  }
}

/** A replica (its public type is in replica-type.ts). */
export class RemoteDatastore<T extends object = Record<string, any>> extends Datastore<T> implements RemoteDatastoreApi<T> {
  readonly #link: Link

  constructor(link: Link, state: T, version: number, options: DatastoreOptions) {
    super(state, withExecutor(options, (host) => new RemoteExecutor(host, link, version)))
    this.#link = link
  }

  /** Whether the connection to the owner is open. */
  get connected(): boolean {
    return this.#link.closedBecause === undefined
  }

  /** Closes the connection: pending requests reject with `DISCONNECTED`; reads keep the last state. */
  close(): void {
    this.#link.close()
  }
}
