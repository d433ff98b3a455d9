// The owner's side of the bridge: snapshots and patches out, mutations in through the store's own
// queue, optimistic writes checked against what changed, and leases for remote transactions.

import { fail } from '../core/errors'
import { applyPatches, type Patch } from '../core/patches'
import { toKeys } from '../core/path'
import { type Datastore, internals } from '../core/store'
import { writerOf } from '../core/transaction'
import { type Channel, type Endpoint, openChannel, randomId, unref } from './endpoint'
import { Feed, type FeedListener } from './feed'
import { DEFAULT_HEARTBEAT_MS, DEFAULT_TIMEOUT_MS, isOwn, type LivenessOptions, type OwnerBody, PROTOCOL, TAG, toWire } from './protocol'

export type ExposeOptions = LivenessOptions

export interface DatastoreBridge {
  /** Stops serving this endpoint: replicas' pending requests fail with `DISCONNECTED`, leases are released. */
  close(): void
}

interface Session {
  silent: number
  lastId: number
  lease: { id: number; grant(patches: unknown): void; deny(error: unknown): void } | undefined
}

/**
 * Serves `store` to replicas on `endpoint`. One store can be exposed on many endpoints.
 *
 * @example
 * // main thread
 * const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })
 * const bridge = exposeDatastore(store, worker)
 */
export function exposeDatastore(store: Datastore<any>, endpoint: Endpoint, options: ExposeOptions = {}): DatastoreBridge {
  return new OwnerBridge(store, endpoint, options)
}

class OwnerBridge implements DatastoreBridge, FeedListener {
  private readonly epoch = randomId()
  private readonly sessions = new Map<string, Session>()
  private readonly channel: Channel
  private readonly unfeed: () => void
  private readonly heartbeatMs: number
  private readonly silentLimit: number
  private batch: { since: number; version: number; patches: Patch[] } | undefined
  private timer: ReturnType<typeof setInterval> | undefined
  private closed = false

  constructor(
    private readonly store: Datastore<any>,
    endpoint: Endpoint,
    options: ExposeOptions,
  ) {
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS
    this.silentLimit = Math.max(2, Math.ceil((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / this.heartbeatMs))
    this.unfeed = Feed.of(store).add(this)
    this.channel = openChannel(endpoint, (data) => this.receive(data), (why) => this.shutdown(why, false))
    this.send({ kind: 'announce', epoch: this.epoch })
  }

  get live(): boolean {
    return this.sessions.size > 0
  }

  push(since: number, version: number, patches: readonly Patch[]): void {
    if (this.batch && this.batch.version === since) {
      this.batch.version = version
      for (const patch of patches) this.batch.patches.push(patch)
      return
    }
    this.flush()
    this.batch = { since, version, patches: patches.slice() }
    queueMicrotask(() => this.flush())
  }

  close(): void {
    this.shutdown('the owner closed the bridge', true)
  }

  private receive(data: unknown): void {
    if (this.closed || !isOwn(data)) return
    const message = data as Record<string, unknown>
    const from = message.from
    if (typeof from !== 'string') return
    try {
      this.handle(from, message)
    } catch (error) {
      if (typeof message.id === 'number') this.reply(from, message.id, error)
    }
  }

  private handle(from: string, message: Record<string, unknown>): void {
    if (message.kind === 'hello') {
      if (message.protocol !== PROTOCOL) return this.send({ kind: 'refuse', to: from, reason: `protocol ${String(message.protocol)} is not ${PROTOCOL}` })
      // A replica says hello again when it sees this bridge's announce; it already has its snapshot.
      if (this.sessions.has(from)) return void this.session(from)
      this.session(from)
      return this.snapshot(from)
    }
    if (!this.sessions.has(from)) {
      // A replica dropped for silence (its requests and lease are gone) must not go on as if connected.
      if (message.kind !== 'bye') this.send({ kind: 'refuse', to: from, reason: 'the owner dropped this replica after it stopped answering' })
      return
    }
    const session = this.session(from)
    const lease = session.lease?.id === message.id ? session.lease : undefined
    switch (message.kind) {
      case 'ping':
        return this.send({ kind: 'pong', to: from })
      case 'resync':
        return this.snapshot(from)
      case 'bye':
        return this.drop(from, 'the replica closed its connection')
      case 'commit':
        return lease?.grant(message.patches)
      case 'release':
        return lease?.deny(fail.aborted('transaction', 'the replica released its lease'))
    }
    const id = message.id
    if (typeof id !== 'number' || id <= session.lastId) return
    session.lastId = id
    switch (message.kind) {
      case 'op': {
        const op = (message.op ?? {}) as Record<string, unknown>
        const request = { type: op.type, path: op.path, value: op.value, by: op.by, values: op.values }
        return this.answer(from, id, this.store[internals].dispatch(request as never))
      }
      case 'cas':
        return this.compareAndSet(from, id, message.path, message.base, message.patches)
      case 'acquire':
        return this.lease(from, session, id, message.timeoutMs)
      default:
        throw fail.invalidValue('bridge', [], `a message of kind ${JSON.stringify(String(message.kind))}`, 'a known message')
    }
  }

  /** An optimistic write: commits only if nothing at `path` changed since `base`. */
  private compareAndSet(from: string, id: number, rawPath: unknown, base: unknown, patches: unknown) {
    const path = toKeys('operate', rawPath)
    if (typeof base !== 'number') throw fail.typeMismatch('operate', path, 'a base version', base)
    const feed = Feed.of(this.store)
    let conflict = false
    const done = this.store[internals].enqueue('operate', (writer) => {
      conflict = feed.changedSince(base, path)
      if (!conflict) applyPatches(writer, patches, 'operate', path)
    })
    done.then(
      () => (conflict ? this.send({ kind: 'conflict', to: from, id, version: this.store.version }) : this.reply(from, id)),
      (error) => this.reply(from, id, error),
    )
  }

  /** A remote transaction: the store is held for the replica until it commits, releases or goes away. */
  private lease(from: string, session: Session, id: number, timeoutMs: unknown) {
    const options = typeof timeoutMs === 'number' ? { timeoutMs } : {}
    const done = this.store.transaction(async (tx) => {
      if (this.sessions.get(from) !== session) throw fail.disconnected('transaction', 'the replica went away before its turn')
      const patches = await new Promise((grant, deny) => {
        session.lease = { id, grant, deny }
        this.send({ kind: 'lease', to: from, id, version: tx.version })
      })
      applyPatches(writerOf(tx), patches, 'transaction')
    }, options)
    const clear = () => {
      if (session.lease?.id === id) session.lease = undefined
    }
    this.answer(from, id, done.finally(clear))
  }

  private answer(from: string, id: number, done: Promise<unknown>) {
    done.then(
      (value) => this.reply(from, id, undefined, value),
      (error) => this.reply(from, id, error),
    )
  }

  private reply(to: string, id: number, error?: unknown, value?: unknown) {
    if (!this.sessions.has(to)) return
    const version = this.store.version
    if (error === undefined) this.send({ kind: 'result', to, id, version, value })
    else this.send({ kind: 'result', to, id, version, error: toWire(error) })
  }

  private snapshot(to: string) {
    this.send({ kind: 'snapshot', to, epoch: this.epoch, version: this.store.version, state: this.store.state })
  }

  private session(id: string): Session {
    let session = this.sessions.get(id)
    if (!session) {
      this.sessions.set(id, (session = { silent: 0, lastId: 0, lease: undefined }))
      this.timer ??= unref(setInterval(() => this.tick(), this.heartbeatMs))
    }
    session.silent = 0
    return session
  }

  private tick() {
    for (const [id, session] of this.sessions) {
      if (++session.silent >= this.silentLimit) this.drop(id, 'the replica stopped answering')
    }
  }

  private drop(id: string, why: string) {
    const session = this.sessions.get(id)
    if (!session) return
    this.sessions.delete(id)
    session.lease?.deny(fail.disconnected('transaction', why))
    if (this.sessions.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer)
      this.timer = undefined
    }
  }

  private flush() {
    const batch = this.batch
    if (!batch) return
    this.batch = undefined
    if (this.sessions.size > 0) this.send({ kind: 'patch', epoch: this.epoch, ...batch })
  }

  /** Every addressed message goes after the patches before it, so replicas are caught up on arrival. */
  private send(body: OwnerBody) {
    if (this.closed) return
    if (body.kind !== 'patch') this.flush()
    this.channel.send({ tag: TAG, ...body })
  }

  private shutdown(why: string, announce: boolean) {
    if (this.closed) return
    if (announce) this.send({ kind: 'bye', epoch: this.epoch, reason: why })
    this.closed = true
    for (const id of [...this.sessions.keys()]) this.drop(id, why)
    this.unfeed()
    this.channel.close()
  }
}

