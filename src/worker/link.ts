// A replica's connection to its owner: the handshake, requests and their answers, heartbeats, and
// waiting until the replica has caught up to a version.

import { fail } from '../core/errors'
import { type Channel, type Endpoint, openChannel, randomId, unref } from './endpoint'
import {
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_TIMEOUT_MS,
  fromWire,
  isOwn,
  type LivenessOptions,
  type OwnerMessage,
  PROTOCOL,
  type ReplicaBody,
  TAG,
} from './protocol'

type Snapshot = Extract<OwnerMessage, { kind: 'snapshot' }>
type RequestBody = ReplicaBody extends infer M ? (M extends { kind: 'op' | 'cas' | 'acquire' } ? Omit<M, 'from' | 'id'> : never) : never
type Patches = Extract<OwnerMessage, { kind: 'patch' }>

/** An answer to a request: a result, a conflict (optimistic write lost), or a granted lease. */
export type Answer =
  | { kind: 'result'; version: number; value: unknown }
  | { kind: 'conflict'; version: number }
  | { kind: 'lease'; version: number }

export interface LinkTarget {
  readonly version: number
  snapshot(message: Snapshot): void
  patches(message: Patches): void
}

interface Pending {
  resolve(answer: Answer): void
  reject(error: unknown): void
}

export class Link {
  readonly id = randomId()
  private readonly channel: Channel
  private readonly pending = new Map<number, Pending>()
  private readonly waiters: { version: number; resolve: () => void }[] = []
  private readonly silentLimit: number
  private readonly timer: ReturnType<typeof setInterval>
  private nextId = 0
  private silent = 0
  private epoch: string | undefined
  private resyncing = false
  private target: LinkTarget | undefined
  private connecting: { ready(snapshot: Snapshot): void; fail(error: unknown): void } | undefined
  /** Why the link is closed, once it is. */
  closedBecause: string | undefined

  constructor(endpoint: Endpoint, options: LivenessOptions, ready: (snapshot: Snapshot) => void, refuse: (error: unknown) => void) {
    const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS
    this.silentLimit = Math.max(2, Math.ceil((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / heartbeatMs))
    this.connecting = { ready, fail: refuse }
    this.channel = openChannel(endpoint, (data) => this.receive(data), (why) => this.die(why))
    this.timer = unref(setInterval(() => this.tick(), heartbeatMs))
    this.send({ kind: 'hello', from: this.id, protocol: PROTOCOL })
  }

  attach(target: LinkTarget): void {
    this.target = target
  }

  /** Sends a request and resolves with the owner's answer. Rejects with `DISCONNECTED` if the link dies. */
  request(op: string, body: RequestBody): { id: number; answer: Promise<Answer> } {
    const id = ++this.nextId
    const answer = this.expect(op, id)
    if (!this.closedBecause) {
      try {
        this.send({ ...body, from: this.id, id } as ReplicaBody)
      } catch (error) {
        this.answer(id, error instanceof Error ? error : fail.disconnected(op, String(error)))
      }
    }
    return { id, answer }
  }

  /** Waits for another answer to an earlier request (a lease's final result). */
  expect(op: string, id: number): Promise<Answer> {
    if (this.closedBecause) return Promise.reject(fail.disconnected(op, this.closedBecause))
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject: (error) => reject(error instanceof Error ? error : fail.disconnected(op, String(error))) })
    })
  }

  /** Tells the owner something that needs no answer. */
  notify(body: Extract<ReplicaBody, { kind: 'release' | 'commit' }>): void {
    if (!this.closedBecause) this.send(body)
  }

  /** Resolves once the replica has applied the owner's commit `version`. */
  caughtUp(version: number): Promise<void> {
    if (!this.target || this.target.version >= version || this.closedBecause) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ version, resolve }))
  }

  close(): void {
    if (this.closedBecause) return
    this.send({ kind: 'bye', from: this.id })
    this.die('the replica closed its connection')
  }

  private receive(data: unknown): void {
    if (this.closedBecause || !isOwn(data)) return
    const message = data as OwnerMessage
    this.silent = 0
    if ('to' in message && message.to !== this.id) return
    switch (message.kind) {
      case 'announce':
        if (message.epoch !== this.epoch) this.send({ kind: 'hello', from: this.id, protocol: PROTOCOL })
        return
      case 'snapshot':
        return this.snapshot(message)
      case 'patch':
        if (!this.target || message.epoch !== this.epoch || message.version <= this.target.version) return
        if (message.since !== this.target.version) return this.resync()
        this.target.patches(message)
        return this.settle()
      case 'result': {
        const answer = message.error === undefined ? ({ kind: 'result', version: message.version, value: message.value } as const) : undefined
        return this.answer(message.id, answer ?? fromWire(message.error))
      }
      case 'conflict':
      case 'lease':
        return this.answer(message.id, { kind: message.kind, version: message.version })
      case 'refuse':
        return this.die(`the owner refused the connection: ${message.reason}`)
      case 'bye':
        return this.die(message.reason)
    }
  }

  private snapshot(message: Snapshot) {
    if (typeof message.version !== 'number') return
    const fresh = this.epoch !== undefined && message.epoch !== this.epoch
    this.epoch = message.epoch
    this.resyncing = false
    if (!this.target) {
      const connecting = this.connecting
      this.connecting = undefined
      connecting?.ready(message)
      return
    }
    if (fresh) this.failPending('the owner restarted; the request may or may not have been applied')
    this.target.snapshot(message)
    this.settle()
  }

  /** Asks the owner for a fresh snapshot (after a gap in the versions, or a patch that failed). */
  resync() {
    if (this.resyncing) return
    this.resyncing = true
    this.send({ kind: 'resync', from: this.id })
  }

  private answer(id: number, answer: Answer | Error) {
    const pending = this.pending.get(id)
    if (!pending) return
    this.pending.delete(id)
    if (answer instanceof Error) pending.reject(answer)
    else pending.resolve(answer)
  }

  private settle() {
    const version = this.target!.version
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!
      if (waiter.version <= version) {
        this.waiters.splice(i, 1)
        waiter.resolve()
      }
    }
  }

  private tick() {
    if (++this.silent >= this.silentLimit) return this.die('the owner stopped answering')
    // Until its snapshot arrives the owner does not know this replica, and would refuse a ping.
    if (this.epoch !== undefined) this.send({ kind: 'ping', from: this.id })
  }

  private failPending(why: string) {
    const pending = [...this.pending.values()]
    this.pending.clear()
    for (const request of pending) request.reject(fail.disconnected('remote request', why))
  }

  private die(why: string) {
    if (this.closedBecause) return
    this.closedBecause = why
    clearInterval(this.timer)
    this.channel.close()
    this.connecting?.fail(fail.disconnected('connectDatastore', why))
    this.connecting = undefined
    this.failPending(why)
    for (const waiter of this.waiters.splice(0)) waiter.resolve()
  }

  private send(body: ReplicaBody) {
    this.channel.send({ tag: TAG, ...body })
  }
}
