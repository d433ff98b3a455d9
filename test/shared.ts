// Helpers every test folder shares: awaiting a rejection, the runs of a property test, a store typed
// loosely, a MessageChannel closed after the test, and an owner with a replica connected over one
// (its wire tapped on demand).

import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { expect, onTestFinished } from 'vitest'
import { createDatastore, Datastore, type DatastoreOptions } from '../src/index'
import {
  connectDatastore,
  type ConnectOptions,
  type DatastoreBridge,
  exposeDatastore,
  type ExposeOptions,
  type NodeEndpoint,
  type RemoteDatastore,
} from '../src/worker'
import { type Tap, tap } from './worker/helpers'

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

/** Set by `npm run fuzz` (5,000): every property test's number of runs, in place of its own. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) || undefined

/**
 * A property test's runs and timeout: `runs` and `timeout` (ms) under `npm test`, or FUZZ_RUNS runs
 * with the timeout scaled to match.
 *
 * @example
 * const FUZZ = fuzz(300, 30_000)
 * test('...', () => fc.assert(property, { numRuns: FUZZ.runs }), FUZZ.timeout)
 */
export function fuzz(runs: number, timeout: number): { readonly runs: number; readonly timeout: number } {
  const scaled = FUZZ_RUNS ?? runs
  return { runs: scaled, timeout: Math.max(timeout, Math.ceil((timeout * scaled) / runs)) }
}

/** A store whose paths are not typed, for tests that write anything anywhere. */
export const loose = (initial: Record<string, any> = {}, options?: DatastoreOptions): Datastore<Record<string, any>> =>
  createDatastore<Record<string, any>>(initial, options)

export interface Ports {
  readonly port1: MessagePort
  readonly port2: MessagePort
}

/** Runs `close` when the current test ends, when there is one (not in a property's hundredth run). */
function atTestEnd(close: () => void, when: boolean): void {
  if (when) onTestFinished(close)
}

/** A real MessageChannel whose ports close when the test ends (unless `closeAtEnd` is false). */
export function channel({ closeAtEnd = true } = {}): Ports {
  const { port1, port2 } = new MessageChannel()
  atTestEnd(() => {
    port1.close()
    port2.close()
  }, closeAtEnd)
  return { port1, port2 }
}

export interface Pair<T extends object> extends Ports {
  readonly owner: Datastore<T>
  readonly bridge: DatastoreBridge
  readonly remote: RemoteDatastore<T>
  /** What passes through the owner's port (only with `tap: 'owner'` or `'both'`; reading it otherwise throws). */
  readonly ownerWire: Tap
  /** What passes through the replica's port (only with `tap: 'replica'` or `'both'`). */
  readonly replicaWire: Tap
  /** Closes the replica, the bridge and both ports. */
  close(): void
}

export interface PairOptions {
  /** The replica's options. */
  readonly connect?: ConnectOptions
  /** The bridge's options. */
  readonly expose?: ExposeOptions
  /** Which side's port to wrap in a `tap` (test/worker/helpers.ts), to watch, drop or mute its messages. */
  readonly tap?: 'owner' | 'replica' | 'both'
  /** The endpoint the replica uses in place of `port2`, for a test that makes the port misbehave. */
  readonly replicaSide?: (port: MessagePort) => NodeEndpoint
  /** Whether the pair closes when the test ends; a property that makes one a run closes its own. */
  readonly closeAtEnd?: boolean
}

const untapped = (): never => {
  throw new Error("connectedPair: pass { tap: 'owner' | 'replica' | 'both' } to watch the wire")
}

/**
 * An owner (a new store of `start`, or `start` itself when it is a store, so that several replicas
 * can share one owner) exposed on one end of a real MessageChannel, and a replica connected on the
 * other. Everything closes when the test ends.
 */
export async function connectedPair<T extends object>(start: T | Datastore<T>, options: PairOptions = {}): Promise<Pair<T>> {
  const { connect = {}, expose = {}, replicaSide = (port) => port, closeAtEnd = true } = options
  const owner = start instanceof Datastore ? start : createDatastore<T>(start)
  const { port1, port2 } = channel({ closeAtEnd: false })
  const tapped = (side: 'owner' | 'replica', port: MessagePort) => (options.tap === side || options.tap === 'both' ? tap(port) : undefined)
  const ownerWire = tapped('owner', port1)
  const replicaWire = tapped('replica', port2)
  const bridge = exposeDatastore(owner, ownerWire?.endpoint ?? port1, expose)
  const remote = await connectDatastore<T>(replicaWire?.endpoint ?? replicaSide(port2), connect)
  const close = () => {
    remote.close()
    bridge.close()
    port1.close()
    port2.close()
  }
  atTestEnd(close, closeAtEnd)
  return {
    owner,
    bridge,
    remote,
    port1,
    port2,
    close,
    get ownerWire() {
      return ownerWire ?? untapped()
    },
    get replicaWire() {
      return replicaWire ?? untapped()
    },
  }
}
