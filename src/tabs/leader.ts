// The leading tab's side: it serves the store to the other tabs on the channel. Every commit goes out
// as patches; requests run on the store's own queue, each at most once (the table of applied
// requests answers a resent one); transactions from other tabs hold the queue under a lease.

import { applyPatches, coreOf, type Datastore, DatastoreError, diff, fail, type Patches } from '../core/internal'
import type { Addressed, Applied } from './applied'
import type { Broadcast, Request } from './wire'

/** How long a leased transaction may run past its own timeout before the leader ends it (ms). */
const LEASE_GRACE = 2000

interface Lease {
  grant(patches: unknown): void
  deny(error: unknown): void
}

/** An error as it crosses the channel: `[code, message, path]`. */
export const toWire = (error: unknown): unknown =>
  error instanceof DatastoreError ? [error.code, error.message, error.path] : ['INVALID_VALUE', error instanceof Error ? error.message : String(error)]

export const fromWire = (wire: unknown): DatastoreError => {
  const [code, message, path] = Array.isArray(wire) ? wire : []
  return new DatastoreError(typeof code === 'string' ? (code as never) : 'INVALID_VALUE', typeof message === 'string' ? message : 'the leading tab refused the request', Array.isArray(path) ? path : undefined)
}

export class Leader {
  readonly epoch = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  readonly #store: Datastore<any>
  readonly #post: (message: Broadcast) => void
  readonly #applied: Applied
  readonly #lockOf: (tab: string) => string
  /** Requests taken and not answered yet, as `tab:seq`. */
  readonly #inflight = new Set<string>()
  readonly #leases = new Map<string, Lease>()
  #patches: Patches | undefined
  #since = 0
  #until = 0
  #answers: Addressed[] = []
  #scheduled = false
  #closed = false
  readonly #unobserve: () => void

  constructor(store: Datastore<any>, applied: Applied, post: (message: Broadcast) => void, lockOf: (tab: string) => string) {
    this.#store = store
    this.#applied = applied
    this.#post = post
    this.#lockOf = lockOf
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
    post({ t: 'lead', epoch: this.epoch })
  }

  close(): void {
    this.#closed = true
    this.#unobserve()
    for (const lease of this.#leases.values()) lease.deny(fail.disconnected('transaction', 'the leading tab closed'))
  }

  receive(message: Request): void {
    if (this.#closed) return
    if (message.t === 'hello') return this.#welcome(message.from)
    if (message.epoch !== this.epoch) return
    const key = `${message.from}:${message.seq}`
    if (message.t === 'release') return this.#leases.get(key)?.deny(fail.aborted('transaction', 'the tab released its lease'))
    const lease = this.#leases.get(key)
    if (message.t === 'commit' && lease) return lease.grant(message.patches)
    const known = this.#applied.lookup(message.from, message.seq)
    if (known !== undefined) return this.#tell([message.from, message.seq, ...(known === true ? ([true, undefined, this.#store.version] as const) : known)])
    if (this.#inflight.has(key)) return
    this.#inflight.add(key)
    const core = coreOf(this.#store)
    let done: Promise<unknown>
    if (message.t === 'op') done = core.dispatch(message.op, this)
    else if (message.t === 'acquire') done = this.#lease(message.from, message.seq, key, message.timeoutMs)
    else {
      // A lease granted by the tab that led before: it commits only onto the state it was granted at.
      const { version, patches } = message
      done = core.enqueue(
        'transaction',
        (writer) => {
          if (this.#store.version !== version) throw fail.disconnected('transaction', 'the leading tab changed while the transaction ran; nothing was committed')
          applyPatches(writer, patches, 'transaction')
        },
        this,
      )
    }
    done.then(
      (value) => this.#answer(message.from, message.seq, key, true, value),
      (error) => this.#answer(message.from, message.seq, key, false, toWire(error)),
    )
  }

  /** Holds the queue for tab `from` until it commits, releases, times out or goes away. */
  #lease(from: string, seq: number, key: string, timeoutMs: number | undefined): Promise<unknown> {
    const options = typeof timeoutMs === 'number' ? { timeoutMs: timeoutMs + LEASE_GRACE } : {}
    return coreOf(this.#store).transaction(
      async (tx, writer) => {
        const gone = new AbortController()
        try {
          const patches = await new Promise((grant, deny) => {
            this.#leases.set(key, { grant, deny })
            // The tab's own lock comes free when it closes or crashes.
            navigator.locks.request(this.#lockOf(from), { signal: gone.signal }, () => deny(fail.disconnected('transaction', 'the tab holding the lease went away'))).catch(() => {})
            this.#flush()
            this.#post({ t: 'lease', epoch: this.epoch, to: from, seq, version: tx.version })
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

  #welcome(to: string): void {
    this.#flush()
    this.#post({ t: 'state', epoch: this.epoch, to, version: this.#store.version, state: this.#store.state, applied: this.#applied.snapshot() })
  }

  #answer(tab: string, seq: number, key: string, ok: boolean, value: unknown): void {
    this.#inflight.delete(key)
    const answer: Addressed = [tab, seq, ok, value, this.#store.version]
    this.#applied.record(answer)
    this.#tell(answer)
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

  /** Sends the patches not sent yet, and the answers they settle, in one message. */
  #flush(): void {
    this.#scheduled = false
    if (this.#closed || (!this.#patches && !this.#answers.length)) return
    const since = this.#patches ? this.#since : this.#until
    this.#post({ t: 'patch', epoch: this.epoch, since, version: this.#until, patches: this.#patches ?? [], answers: this.#answers })
    this.#patches = undefined
    this.#answers = []
  }
}
