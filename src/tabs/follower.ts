// A following tab's side of the channel: its replica, kept by the leader's snapshot and patches; its
// requests, sent to the leader of the newest epoch it knows and sent again to the next; and its watch
// on the leader. While it waits for an answer or a snapshot and hears nothing, it pings; after about
// a second of silence the leader is taken for frozen or hung, and this tab tries to take over.

import { adopt, applyPatches, type Host, Writer } from '../core/internal'
import { carriesPatches, Msg, O, opFields } from '../worker/wire'
import type { Addressed, Applied } from './applied'
import type { Election } from './election'
import type { Pending, Requests } from './requests'
import { hello, request, TabO } from './wire'

/** How often a waiting follower looks at the leader's silence (ms). */
const TICK_MS = 250
/** How long a silence makes a waiting follower ping the leader (ms). */
const PING_MS = 300
/** How long a silence makes a waiting follower take the leader for frozen or hung (ms). */
export const SILENCE_MS = 1000
/** The origin of the commits that bring a replica up to date. */
const SYNC = { sync: true }

/** What the follower needs from the shared store. */
export interface FollowerHost {
  readonly tab: number
  readonly host: Host
  readonly applied: Applied
  readonly requests: Requests
  readonly election: Election
  /** Whether this tab leads (or is taking the lead): then it neither follows nor watches. */
  readonly leading: boolean
  post(message: unknown[]): void
  /** The first state is in. */
  started(): void
}

export class Follower {
  /** The newest leader's epoch this tab knows of: messages of older leaders are ignored. */
  epoch = 0
  /** Whether the replica holds the state of the leader of `epoch`. */
  joined = false
  readonly #tab: FollowerHost
  /** When the leader of `epoch` was last heard (Date.now()). */
  #heard = 0
  /** When this tab began to wait for the leader, and which document held the lock then. */
  #watch: number | undefined
  #suspect: string | undefined
  #waiters: { version: number; go(): void }[] = []
  readonly #timer: ReturnType<typeof setInterval>

  constructor(tab: FollowerHost) {
    this.#tab = tab
    this.#timer = setInterval(() => this.#tick(), TICK_MS)
  }

  close(): void {
    clearInterval(this.#timer)
  }

  /** Asks the leader of the newest epoch for its state. */
  hello(): void {
    this.joined = false
    this.#tab.post(hello(this.#tab.tab, this.epoch))
  }

  /** A leader's message. */
  receive(message: unknown[]): void {
    const epoch = message[O.Epoch] as number
    if (epoch < this.epoch) return
    const kind = message[O.Kind]
    const mine = message[O.To] === this.#tab.tab
    this.#heard = Date.now()
    if (epoch > this.epoch) {
      this.epoch = epoch
      if (!(kind === Msg.Snapshot && mine)) return this.hello()
    }
    if (kind === Msg.Announce && !this.joined) return this.hello()
    if (kind === Msg.Snapshot && mine) return this.#snapshot(message)
    if (!carriesPatches(kind)) return
    const host = this.#tab.host
    const version = message[O.Version] as number
    if (this.joined && version > host.version) {
      if (message[O.Since] === host.version) this.sync(version, undefined, message[O.Patches])
      else this.#resync()
    }
    if (kind === Msg.Result || kind === Msg.Failure) this.#answer([message[O.To] as number, message[O.Id] as number, kind === Msg.Result, message[O.Value], version])
    else if (kind === Msg.Patch) for (const answer of (message[TabO.Answers] as Addressed[] | undefined) ?? []) this.#answer(answer)
    else if (kind === Msg.Lease && mine) {
      const pending = this.#tab.requests.get(message[O.Id] as number)
      if (pending?.stage !== 'acquire') return
      pending.stage = 'running'
      pending.granted(version)
    }
  }

  /** Sends a request to the leader, once the replica has its state (the snapshot sends every request again). */
  deliver(pending: Pending): void {
    if (!this.joined) return
    const { tab, post } = this.#tab
    if (pending.stage === 'op') {
      post(request(Msg.Op, tab, pending.seq, this.epoch, ...opFields(pending.op!)))
    } else if (pending.stage === 'acquire') post(request(Msg.Acquire, tab, pending.seq, this.epoch, pending.timeoutMs))
    else if (pending.stage === 'commit') post(request(Msg.Commit, tab, pending.seq, this.epoch, pending.commit!.patches, undefined, undefined, pending.commit!.version))
  }

  /** Tells the leader that lease `seq` ends with no commit. */
  release(seq: number): void {
    if (this.joined) this.#tab.post(request(Msg.Release, this.#tab.tab, seq, this.epoch))
  }

  /** Makes `state` (or this state with `patches`) the commit at `version`. */
  sync(version: number, state: unknown, patches?: unknown): void {
    const host = this.#tab.host
    host.queue.push(() => {
      const writer = new Writer(host.root)
      try {
        if (patches) applyPatches(writer, patches)
        else writer.put('sync', [], adopt('sync', [], state))
        host.commit(writer, 'sync', SYNC, version)
      } catch {
        return this.#resync()
      }
      this.#tab.requests.caughtUp(version)
      if (this.#waiters.length) this.#waiters = this.#waiters.filter((waiter) => (waiter.version <= version ? (waiter.go(), false) : true))
    })
  }

  /** Resolves once the replica has reached `version`. */
  reached(version: number): Promise<void> {
    return new Promise<void>((go) => this.#waiters.push({ version, go }))
  }

  #snapshot(message: unknown[]): void {
    const { applied, requests, tab } = this.#tab
    this.joined = true
    applied.merge(message[TabO.Applied])
    this.sync(message[O.Version] as number, message[O.Value])
    for (const pending of requests.all()) {
      const known = applied.lookup(tab, pending.seq)
      if (known !== undefined) requests.answer(pending.seq, known, this.#tab.host.version)
      else this.deliver(pending)
    }
    this.#tab.started()
  }

  /** A gap in the versions, or patches that do not apply: the leader's state again. */
  #resync(): void {
    this.joined = false
    this.#tab.post(request(Msg.Resync, this.#tab.tab, 0, this.epoch))
  }

  #answer(answer: Addressed): void {
    this.#tab.applied.record(answer)
    if (answer[0] === this.#tab.tab) this.#tab.requests.answer(answer[1], [answer[2], answer[3], answer[4]], this.#tab.host.version)
  }

  /** Watches the leader while this tab waits for it: pings it, and after a long silence takes over. */
  #tick(): void {
    const tab = this.#tab
    if (tab.leading || (this.joined && tab.requests.size === 0)) return void (this.#watch = undefined)
    const now = Date.now()
    if (this.#watch === undefined) {
      const watch = (this.#watch = now)
      this.#suspect = undefined
      tab.election.holder().then((holder) => this.#watch === watch && (this.#suspect = holder))
      return
    }
    const silence = now - Math.max(this.#heard, this.#watch)
    if (silence >= SILENCE_MS) {
      this.#watch = undefined
      void tab.election.takeOver(this.#suspect, () => !tab.leading && Date.now() - this.#heard >= SILENCE_MS)
    } else if (silence >= PING_MS) tab.post(request(Msg.Ping, tab.tab, 0, this.epoch))
  }
}
