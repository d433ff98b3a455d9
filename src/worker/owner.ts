// The owner's side of the bridge: snapshots and patches out, mutations in through the store's own
// queue, optimistic writes checked against what changed, and leases for remote transactions.

import {
  applyOp,
  applyPatches,
  coreOf,
  Datastore,
  fail,
  type Patches,
  type StoreInternals,
  toKeys,
  type Writer,
} from '../core/internal'
import { type Channel, type Endpoint, openChannel } from './endpoint'
import { Feed, type FeedListener } from './feed'
import { liveness, type LivenessOptions } from './liveness'
import { RemoteDatastore } from './replica'
import { type Session, Sessions } from './sessions'
import { carriesPatches, isForAnotherOwner, Msg, type OwnerMessage, PROTOCOL, R, readOp, toWire } from './wire'

export type ExposeOptions = LivenessOptions

export interface DatastoreBridge {
  /** Stops serving this endpoint: replicas' pending requests fail with `DISCONNECTED`, leases are released. */
  close(): void
}

/** What an optimistic write's job returns when the value at its path changed under it. */
const CONFLICT = Symbol()

/** The tags of the bridges open on each endpoint: two bridges under one tag would both serve each request. */
const opened = new WeakMap<object, Set<string>>()

/**
 * Serves `store` to replicas on `endpoint`. One store can be exposed on many endpoints.
 *
 * @example
 * // main thread
 * const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })
 * const bridge = exposeDatastore(store, worker)
 */
export function exposeDatastore(store: Datastore<any>, endpoint: Endpoint, options: ExposeOptions = {}): DatastoreBridge {
  if (!(store instanceof Datastore) || store instanceof RemoteDatastore) {
    throw fail.invalidValue('exposeDatastore', [], 'owner', store)
  }
  return new OwnerBridge(store, endpoint, options)
}

class OwnerBridge implements DatastoreBridge, FeedListener {
  readonly #epoch = Math.random()
  readonly #tag: string
  /** The heartbeat's period (ms). */
  readonly #tick: number
  readonly #store: Datastore<any>
  readonly #core: StoreInternals
  readonly #feed: Feed
  readonly #sessions: Sessions
  readonly #channel: Channel
  readonly #unfeed: () => void
  /** The tags open on this bridge's endpoint, this one's among them. */
  readonly #opened: Set<string>
  /** The patches of the commits not yet sent, from version `#since` to `#until`. */
  #patches: Patches | undefined
  #since = 0
  #until = 0
  #closed = false
  /** Set while new commits' patches can wait for an answer that will carry them. */
  #waiting = false
  /** Set when the message being handled ran a job: its answer is on its way. */
  #ran = false

  constructor(store: Datastore<any>, endpoint: Endpoint, options: ExposeOptions) {
    this.#store = store
    this.#core = coreOf(store)
    this.#feed = Feed.of(store)
    const [tick, limit, tag] = liveness('exposeDatastore', options)
    this.#tag = tag
    this.#tick = tick
    this.#sessions = new Sessions(tick, limit)
    this.#opened = opened.get(endpoint) ?? new Set()
    if (this.#opened.has(tag)) {
      throw fail.invalidValue('exposeDatastore', [], 'secondBridge', tag)
    }
    this.#channel = openChannel(
      endpoint,
      tag,
      tick,
      (message) => this.#receive(message),
      (why) => this.#shutdown(why, false),
      () => this.#sessions.tick(),
    )
    opened.set(endpoint, this.#opened.add(tag))
    this.#unfeed = this.#feed.add(this)
    this.#send(Msg.Announce)
  }

  get live(): boolean {
    return this.#sessions.size > 0
  }

  push(since: number, version: number, patches: Patches): void {
    if (this.#patches && this.#until === since) {
      for (const entry of patches) this.#patches.push(entry)
    } else {
      this.#flush()
      // The feed shares `patches` with every bridge: this one appends to a copy.
      this.#patches = patches.slice()
      this.#since = since
      // It goes out after this microtask, unless an answer on its way takes it first.
      if (!this.#waiting) this.#flushSoon()
    }
    this.#until = version
  }

  close(): void {
    this.#shutdown('the owner closed the bridge', true)
  }

  #receive(data: readonly unknown[]): void {
    const from = data[R.From]
    // An owner's message, from a bridge facing this endpoint, is not for this one.
    if (this.#closed || typeof from !== 'number' || isForAnotherOwner(data[R.Kind])) return
    this.#waiting = true
    this.#ran = false
    try {
      this.#handle(data, from)
    } catch (error) {
      const id = data[R.Id]
      if (typeof id === 'number') this.#reply(from, id, Msg.Failure, toWire(error))
    } finally {
      this.#waiting = false
    }
    if (this.#patches && !this.#ran) this.#flushSoon()
  }

  #handle(message: readonly unknown[], from: number): void {
    const kind = message[R.Kind]
    const id = message[R.Id]
    if (kind === Msg.Hello) {
      const protocol = message[R.Protocol]
      if (protocol !== PROTOCOL) return this.#send(Msg.Refuse, from, 0, `protocol ${protocol} is not ${PROTOCOL}`)
      // A replica says hello again when it sees this bridge's announce; it already has its snapshot.
      if (!this.#sessions.get(from)) {
        this.#sessions.open(from, message[R.PingMs])
        return this.#send(Msg.Snapshot, from, 0, this.#store.state)
      }
    }
    const session = this.#sessions.get(from)
    if (!session) {
      if (kind === Msg.Bye) return
      // A replica dropped for silence (its requests and lease are gone) must not go on as if connected;
      // one this bridge never knew was connected to a bridge before it on this endpoint, and is told
      // to say hello (its requests fail when it learns the owner restarted).
      if (this.#sessions.dropped(from)) this.#send(Msg.Refuse, from, 0, 'the replica stopped answering')
      else this.#send(Msg.Announce, from)
      return
    }
    session.silent = 0
    const lease = session.lease?.id === id ? session.lease : undefined
    switch (kind) {
      case Msg.Hello:
        return
      case Msg.Ping:
        return this.#send(Msg.Pong, from)
      case Msg.Resync:
        return this.#send(Msg.Snapshot, from, 0, this.#store.state)
      case Msg.Bye:
        return this.#sessions.drop(from, 'the replica closed its connection')
      case Msg.Commit:
        return lease?.grant(message[R.Patches])
      case Msg.Release:
        return lease?.deny(fail.aborted('transaction', 'the replica released its lease'))
    }
    if (typeof id !== 'number' || id <= session.lastId) return
    session.lastId = id
    switch (kind) {
      case Msg.Op: {
        const op = readOp(message)
        return this.#run(from, id, op.type, (writer) => applyOp(writer, op))
      }
      case Msg.Cas:
        return this.#compareAndSet(from, id, message[R.CasPath], message[R.Base], message[R.CasPatches])
      case Msg.Acquire:
        return this.#lease(from, session, id, message[R.TimeoutMs])
      default:
        throw fail.invalidValue('bridge', [], 'message', kind)
    }
  }

  /** An optimistic write: commits only if nothing at `path` changed since `base`. */
  #compareAndSet(from: number, id: number, rawPath: unknown, base: unknown, patches: unknown) {
    const path = toKeys('operate', rawPath)
    if (typeof base !== 'number') throw fail.typeMismatch('operate', path, 'base', base)
    this.#run(from, id, 'operate', (writer) => (this.#feed.changedSince(base, path) ? CONFLICT : applyPatches(writer, patches, 'operate', path)))
  }

  /** Runs `job` on the store's queue and answers with what it returns. */
  #run(from: number, id: number, op: string, job: (writer: Writer) => unknown) {
    const done = this.#core.enqueue(
      op,
      (writer) => {
        this.#ran = true
        return job(writer)
      },
      this,
    )
    this.#answer(from, id, done)
  }

  /** A remote transaction: the store is held for the replica until it commits, releases or goes away. */
  #lease(from: number, session: Session, id: number, timeoutMs: unknown) {
    // The replica times `fn` itself; the owner's timer is a backstop that allows for a round trip.
    const options = typeof timeoutMs === 'number' ? { timeoutMs: timeoutMs + this.#tick } : {}
    const done = this.#core.transaction(async (_, writer) => {
      if (this.#sessions.get(from) !== session) throw fail.disconnected('transaction', 'the replica left before its turn')
      const patches = await new Promise((grant, deny) => {
        session.lease = { id, grant, deny }
        this.#send(Msg.Lease, from, id)
      })
      // This commit's patches go with its answer.
      this.#waiting = true
      applyPatches(writer, patches, 'transaction')
    }, options, this)
    const end = () => {
      this.#waiting = false
      if (session.lease?.id === id) session.lease = undefined
    }
    this.#answer(from, id, done, end)
  }

  #answer(from: number, id: number, done: Promise<unknown>, end?: () => void) {
    done.then(
      (value) => {
        end?.()
        if (value === CONFLICT) this.#reply(from, id, Msg.Conflict)
        else this.#reply(from, id, Msg.Result, value)
      },
      (error) => {
        end?.()
        this.#reply(from, id, Msg.Failure, toWire(error))
      },
    )
  }

  #reply(to: number, id: number, kind: Msg, value?: unknown) {
    if (this.#sessions.get(to)) this.#send(kind, to, id, value)
    else if (this.#patches) this.#flushSoon()
  }

  #flushSoon() {
    queueMicrotask(() => this.#flush())
  }

  #flush() {
    if (this.#patches && this.#sessions.size > 0) this.#send(Msg.Patch)
    this.#patches = undefined
  }

  /**
   * Posts a message. An answer carries the commits not yet sent, so that its replica is caught up
   * on arrival; any other message goes after them.
   */
  #send(kind: Msg, to = 0, id = 0, value?: unknown) {
    if (this.#closed) return
    if (!carriesPatches(kind)) this.#flush()
    const patches = this.#patches
    this.#patches = undefined
    const version = patches ? this.#until : this.#store.version
    const message: OwnerMessage = [this.#tag, kind, this.#epoch, to, id, value, patches ? this.#since : version, version, patches ?? []]
    this.#channel.send(message)
  }

  #shutdown(why: string, announce: boolean) {
    if (this.#closed) return
    if (announce) this.#send(Msg.Goodbye, 0, 0, why)
    this.#closed = true
    this.#opened.delete(this.#tag)
    this.#sessions.dropAll(why)
    this.#unfeed()
    this.#channel.close()
  }
}
