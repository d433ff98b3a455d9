// The leading tab's side: it serves the store to the other tabs on the channel, in the bridge's wire
// format. Every commit goes out as patches, with the answers they settle; requests run on the
// store's own queue, each at most once (the table of applied requests answers a resent one);
// transactions from other tabs hold the queue under a lease. After a silence of its own (the tab was
// frozen, or hung) it acts on nothing until it has checked that it still leads.

import { applyOp, applyPatches, coreOf, type Datastore, diff, fail, type Patches } from '../core/internal'
import { carriesPatches, Msg, R, readOp, toWire } from '../worker/wire'
import type { Addressed, Applied } from './applied'
import type { Election } from './election'
import { broadcast, TabR } from './wire'

/** How long a leased transaction may run past its own timeout before the leader ends it (ms). */
const LEASE_GRACE = 2000

interface Lease {
  grant(patches: unknown): void
  deny(error: unknown): void
}

export class Leader {
  readonly epoch: number
  readonly #store: Datastore<any>
  readonly #post: (message: unknown[]) => void
  readonly #applied: Applied
  readonly #election: Election
  /** Requests taken and not answered yet, as `tab:seq`, with how many copies of each came meanwhile. */
  readonly #inflight = new Map<string, number>()
  readonly #leases = new Map<string, Lease>()
  #patches: Patches | undefined
  #since = 0
  #until = 0
  #answers: Addressed[] = []
  #scheduled = false
  #closed = false
  /** Messages that came while this tab checks that it still leads. */
  #held: unknown[][] | undefined
  readonly #unobserve: () => void

  constructor(store: Datastore<any>, epoch: number, applied: Applied, election: Election, post: (message: unknown[]) => void) {
    this.#store = store
    this.epoch = epoch
    this.#applied = applied
    this.#election = election
    this.#post = post
    this.#until = store.version
    this.#unobserve = coreOf(store).observe(({ prev, next, touched, version }) => {
      const patches = diff(prev, next, touched)
      if (this.#patches) for (const patch of patches) this.#patches.push(patch)
      else {
        this.#patches = patches.slice()
        this.#since = this.#until
      }
      this.#until = version
      this.#soon()
    })
    this.#send(Msg.Announce)
  }

  close(): void {
    this.#closed = true
    this.#unobserve()
    for (const lease of this.#leases.values()) lease.deny(fail.disconnected('transaction', 'the leading tab closed'))
  }

  /** A follower's message; after a silence, held until the lock manager says this tab still leads. */
  receive(message: unknown[]): void {
    if (this.#closed) return
    if (this.#held) return void this.#held.push(message)
    if (this.#election.fresh) return this.#handle(message)
    this.#held = [message]
    this.#election.verify().then((leads) => {
      const held = this.#held ?? []
      this.#held = undefined
      if (leads) for (const message of held) this.#handle(message)
    })
  }

  #handle(message: unknown[]): void {
    if (this.#closed) return
    const kind = message[R.Kind]
    const from = message[R.From] as number
    const seq = message[R.Id]
    if (kind === Msg.Hello || kind === Msg.Resync) return this.#welcome(from)
    if (kind === Msg.Ping) return this.#send(Msg.Pong, from)
    if (message[TabR.Epoch] !== this.epoch || typeof seq !== 'number') return
    const key = `${from}:${seq}`
    const lease = this.#leases.get(key)
    if (kind === Msg.Release) return lease?.deny(fail.aborted('transaction', 'the tab released its lease'))
    if (kind === Msg.Commit && lease) return lease.grant(message[R.Patches])
    const known = this.#applied.lookup(from, seq)
    if (known !== undefined) return this.#tell([from, seq, ...(known === true ? ([true, undefined, this.#store.version] as const) : known)])
    const copies = this.#inflight.get(key)
    if (copies !== undefined) return void this.#inflight.set(key, copies + 1)
    this.#inflight.set(key, 1)
    const core = coreOf(this.#store)
    let done: Promise<unknown>
    try {
      if (kind === Msg.Op) {
        const op = readOp(message)
        done = core.enqueue(op.type, (writer) => applyOp(writer, op), this)
      } else if (kind === Msg.Acquire) done = this.#lease(from, seq, key, message[R.TimeoutMs])
      else if (kind === Msg.Commit) {
        // A lease granted by the tab that led before: it commits only onto the state it was granted at.
        const version = message[TabR.Granted]
        const patches = message[R.Patches]
        done = core.enqueue(
          'transaction',
          (writer) => {
            if (this.#store.version !== version) throw fail.disconnected('transaction', 'the leading tab changed while the transaction ran; nothing was committed')
            applyPatches(writer, patches, 'transaction')
          },
          this,
        )
      } else throw fail.invalidValue('tabs', [], 'message', kind)
    } catch (error) {
      done = Promise.reject(error)
    }
    done.then(
      (value) => this.#answer(from, seq, key, true, value),
      (error) => this.#answer(from, seq, key, false, toWire(error)),
    )
  }

  /** Holds the queue for tab `from` until it commits, releases, times out or goes away. */
  #lease(from: number, seq: number, key: string, timeoutMs: unknown): Promise<unknown> {
    const options = typeof timeoutMs === 'number' ? { timeoutMs: timeoutMs + LEASE_GRACE } : {}
    return coreOf(this.#store).transaction(
      async (_, writer) => {
        const gone = new AbortController()
        try {
          const patches = await new Promise((grant, deny) => {
            this.#leases.set(key, { grant, deny })
            // The tab's own lock comes free when it closes or crashes.
            navigator.locks.request(this.#election.lockOf(from), { signal: gone.signal }, () => deny(fail.disconnected('transaction', 'the tab holding the lease went away'))).catch(() => {})
            // The lease carries the commits not sent yet, so it names the version they reach.
            this.#send(Msg.Lease, from, seq)
          })
          applyPatches(writer, patches, 'transaction')
        } finally {
          gone.abort()
          this.#leases.delete(key)
        }
      },
      options,
      this,
    )
  }

  #welcome(to: number): void {
    if (this.#patches) this.#send(Msg.Patch)
    const version = this.#store.version
    this.#post(broadcast(Msg.Snapshot, this.epoch, to, 0, this.#store.state, version, version, [], this.#applied.snapshot()))
  }

  /** Records the answer, and gives it to each copy of the request that came. */
  #answer(tab: number, seq: number, key: string, ok: boolean, value: unknown): void {
    // A leader that stepped down records nothing: the new leader's table is the one that counts.
    if (this.#closed) return
    const copies = this.#inflight.get(key) ?? 1
    this.#inflight.delete(key)
    const answer: Addressed = [tab, seq, ok, value, this.#store.version]
    this.#applied.record(answer)
    for (let i = 0; i < copies; i++) this.#tell(answer)
  }

  #tell(answer: Addressed): void {
    this.#answers.push(answer)
    this.#soon()
  }

  /** Flushes after the answers that the current commits settle have joined the message (they come a microtask later). */
  #soon(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    queueMicrotask(() => queueMicrotask(() => this.#flush()))
  }

  /**
   * Sends the patches not sent yet with the answers they settle: one answer as the bridge's result or
   * failure, several in one patch message.
   */
  #flush(): void {
    this.#scheduled = false
    const answers = this.#answers
    if (this.#closed || (!this.#patches && !answers.length)) return
    this.#answers = []
    if (answers.length !== 1) return this.#send(Msg.Patch, 0, 0, undefined, answers)
    const [tab, seq, ok, value] = answers[0]!
    this.#send(ok ? Msg.Result : Msg.Failure, tab, seq, value)
  }

  /** Posts a message; one of a kind that carries patches brings those not sent yet, any other goes after them. */
  #send(kind: Msg, to = 0, id = 0, value?: unknown, answers?: readonly Addressed[]): void {
    if (this.#closed) return
    if (!carriesPatches(kind) && this.#patches) this.#send(Msg.Patch)
    const patches = this.#patches
    this.#patches = undefined
    const version = patches ? this.#until : this.#store.version
    this.#election.said()
    this.#post(broadcast(kind, this.epoch, to, id, value, patches ? this.#since : version, version, patches ?? [], undefined, answers))
  }
}
