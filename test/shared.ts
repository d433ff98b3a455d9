// Helpers every test folder shares: awaiting a rejection, a store typed loosely, and an owner with
// a replica connected over a MessageChannel.

import type { MessagePort } from 'node:worker_threads'
import { expect } from 'vitest'
import { createDatastore, type Datastore, type DatastoreOptions } from '../src/index'
import { connectDatastore, type ConnectOptions, type DatastoreBridge, exposeDatastore, type NodeEndpoint, type RemoteDatastore } from '../src/worker'

/** Awaits a rejection and returns the error; fails the test if the promise resolves. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  let value: unknown
  try {
    value = await promise
  } catch (error) {
    return error
  }
  expect.unreachable(`expected a rejection, got ${String(value)}`)
}

/** A store whose paths are not typed, for tests that write anything anywhere. */
export const loose = (initial: Record<string, any> = {}, options?: DatastoreOptions): Datastore<Record<string, any>> =>
  createDatastore<Record<string, any>>(initial, options)

export interface Pair<T extends object> {
  readonly owner: Datastore<T>
  readonly bridge: DatastoreBridge
  readonly remote: RemoteDatastore<T>
  readonly port1: MessagePort
  readonly port2: MessagePort
  /** Closes the replica, the bridge and both ports. */
  close(): void
}

/**
 * An owner of `start`, exposed on one end of a MessageChannel, and a replica connected on the other
 * (through `wrap`, for a test that watches the replica's side of the wire).
 */
export async function connectedPair<T extends object>(
  start: T,
  options: ConnectOptions = {},
  wrap: (port: MessagePort) => NodeEndpoint = (port) => port,
): Promise<Pair<T>> {
  const owner = createDatastore<T>(start)
  const { port1, port2 } = new MessageChannel() as unknown as { port1: MessagePort; port2: MessagePort }
  const bridge = exposeDatastore(owner, port1, options)
  const remote = await connectDatastore<T>(wrap(port2), options)
  const close = () => {
    remote.close()
    bridge.close()
    port1.close()
    port2.close()
  }
  return { owner, bridge, remote, port1, port2, close }
}
