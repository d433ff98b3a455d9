// The shared store: one object for the whole life of a tab, whatever its role. While it leads, it is
// a local store that serves the others and persists; while it follows, its reads come from a replica
// kept by the leader's patches, and its mutations go to the leader as requests that keep their ids
// across a change of leader, so that each is applied once.

import { adopt, applyPatches, coreOf, Datastore, type DatastoreOptions, fail, operate, withExecutor, Writer } from '../core/internal'
import { persist, type Persisted, type PersistOptions } from '../persist/persist'
import { Applied } from './applied'
import { TabExecutor } from './executor'
import { Leader } from './leader'
import { leased, type LeaseHost } from './lease'
import { LOCAL, type Pending, Requests } from './requests'
import { isMessage, type Message } from './wire'

export type Role = 'leader' | 'follower'

export interface ShareOptions extends DatastoreOptions {
  /** Where the leading tab keeps the state (`key` defaults to the store's name); `false` keeps it in memory only. */
  readonly persist?: (Omit<PersistOptions, 'key'> & { readonly key?: string | undefined }) | false | undefined
}

/** How long a tab that takes the lead lets the messages its predecessor sent arrive first (ms). */
const SETTLE_MS = 30
/** The origin of the commits that bring a replica up to date. */
const SYNC = { sync: true }

const noop = () => {}

/** Makes a shared store and joins the tabs of its name: `shareDatastore` without its documentation. */
export let openShared: <T extends object>(name: string, initial: T | undefined, options: ShareOptions) => Promise<SharedDatastore<T>>

export class SharedDatastore<T extends object = Record<string, any>> extends Datastore<T> {
  readonly #name: string
  readonly #tab = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  readonly #options: ShareOptions
  #role: Role = 'follower'
  readonly #roleListeners = new Set<(role: Role) => void>()
  #channel: BroadcastChannel | undefined
  readonly #applied = new Applied()
  readonly #requests = new Requests()
  #epoch: string | undefined
  #joined = false
  #leader: Leader | undefined
  #saved: Persisted | undefined
  #closed = false
  readonly #abort = new AbortController()
  #unlock: (() => void)[] = []
  #started!: () => void
  readonly #start = new Promise<void>((resolve) => (this.#started = resolve))
  #waiters: { version: number; go(): void }[] = []
  readonly #executor: TabExecutor

  private constructor(name: string, initial: T | undefined, options: ShareOptions) {
    const executor = new TabExecutor()
    super(initial, withExecutor(options, executor.factory))
    this.#executor = executor
    this.#name = name
    this.#options = options
    const host = executor.host
    const lease: LeaseHost = {
      requests: this.#requests,
      host,
      deliver: (pending) => this.#deliver(pending),
      reached: (version) => new Promise<void>((go) => this.#waiters.push({ version, go })),
      release: (seq) => {
        if (!this.#leader && this.#epoch) this.#post({ t: 'release', from: this.#tab, epoch: this.#epoch, seq })
      },
      local: (fn, options) => executor.local.transaction(fn, options, undefined),
    }
    const closed = (op: string) => Promise.reject(fail.disconnected(op, 'the shared store was closed'))
    // While this tab follows, its mutations go to the leader; `#lead` and `#local` take this away.
    executor.follower = {
      dispatch: (op) => (this.#closed ? closed(op.type) : this.#requests.add({ stage: 'op', op: { ...op } }, (pending) => this.#deliver(pending)).done),
      operate: (label, keys, fn) => leased(lease, (_, writer) => operate(writer, label, keys, fn), { name: label }),
      transaction: (fn, options) => (this.#closed ? closed('transaction') : leased(lease, fn, options ?? {})),
    }
  }

  /** `'leader'` while this tab owns the store (and persists it), `'follower'` while it is a replica. */
  get role(): Role {
    return this.#role
  }

  static {
    openShared = async (name, initial, options) => {
      const store = new this(name, initial as object, options)
      await store.#join()
      return store as SharedDatastore<any>
    }
  }

  /** Calls `listener(role)` whenever this tab's role changes. Returns the unsubscribe function. */
  subscribeRole(listener: (role: Role) => void): () => void {
    this.#roleListeners.add(listener)
    return () => void this.#roleListeners.delete(listener)
  }

  /** Leaves the group of tabs: requests not answered reject with `DISCONNECTED`, a leading tab writes what is pending and hands over. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#abort.abort()
    this.#requests.failAll((pending) => fail.disconnected(pending.op?.type ?? 'transaction', 'the shared store was closed'))
    this.#leader?.close()
    this.#channel?.close()
    const unlock = () => this.#unlock.forEach((release) => release())
    if (this.#saved) this.#saved.stop().then(unlock, unlock)
    else unlock()
  }

  /** Joins the tabs of `name` (or, without Web Locks and BroadcastChannel, stays local); resolves once the state is in. */
  async #join(): Promise<void> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
    if (!locks || typeof BroadcastChannel === 'undefined') return this.#local()
    const signal = this.#abort.signal
    const held = (release: (release: () => void) => void) => () => new Promise<void>((done) => release(() => done()))
    // This tab's own lock: the leader learns that the tab went away when it comes free.
    await new Promise<void>((granted) => {
      locks.request(lockName(this.#name, this.#tab), { signal }, held((release) => (this.#unlock.push(release), granted()))).catch(noop)
    })
    const channel = (this.#channel = new BroadcastChannel(`atomic-datastore:${this.#name}`))
    channel.onmessage = (event: MessageEvent) => this.#receive(event.data)
    locks.request(lockName(this.#name), { signal }, () => this.#lead()).catch(noop)
    this.#post({ t: 'hello', from: this.#tab })
    await this.#start
  }

  async #local(): Promise<void> {
    if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' && !warned) {
      warned = true
      console.warn(`[atomic-datastore] shareDatastore('${this.#name}'): this environment has no Web Locks or BroadcastChannel, so the store is not shared between tabs; it is a local, persisted store`)
    }
    this.#role = 'leader'
    this.#executor.follower = undefined
    await this.#persist(undefined)
  }

  async #persist(hydrate: ((state: unknown, version: number, meta: unknown) => void) | undefined): Promise<void> {
    const options = this.#options.persist
    if (options === false) return
    const saved = (this.#saved = persist(this, { ...options, key: options?.key ?? this.#name }, hydrate && { meta: () => this.#applied.toJSON(), hydrate: ({ state, at, meta }) => hydrate(state, at, meta) }))
    try {
      await saved.ready
    } catch (error) {
      if (options?.onError) options.onError(error as never)
      else console.warn(`[atomic-datastore] ${(error as Error).message}`)
    }
  }

  /** Holds the lead until the tab closes: takes over from the newest state, then serves the others. */
  async #lead(): Promise<void> {
    if (this.#closed) return
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
    if (this.#closed) return
    this.#joined = false
    this.#epoch = undefined
    await this.#persist((state, at, meta) => {
      // The stored state is taken if it is newer than this tab's replica, or the replica has nothing yet.
      if (this.version > 0 && at <= this.version) return
      this.#sync(Math.max(at, 1), state)
      this.#applied.merge(Applied.fromJSON(meta).snapshot())
    })
    if (this.version > 0) this.#saved?.flush().catch(noop)
    if (this.#closed) return
    const leader = (this.#leader = new Leader(this, this.#applied, (message) => this.#post(message), (tab) => lockName(this.#name, tab)))
    this.#epoch = leader.epoch
    this.#executor.follower = undefined
    this.#setRole('leader')
    for (const pending of this.#requests.all()) this.#deliver(pending)
    this.#started()
    await new Promise<void>((release) => this.#unlock.push(release))
  }

  #setRole(role: Role): void {
    if (this.#role === role) return
    this.#role = role
    for (const listener of this.#roleListeners) listener(role)
  }

  #post(message: Message): void {
    if (!this.#closed) this.#channel?.postMessage(message)
  }

  #receive(message: unknown): void {
    if (this.#closed || !isMessage(message)) return
    switch (message.t) {
      case 'hello':
      case 'op':
      case 'acquire':
      case 'commit':
      case 'release':
        return this.#leader?.receive(message)
      case 'lead':
        if (this.#leader || message.epoch === this.#epoch) return
        this.#epoch = message.epoch
        this.#joined = false
        return this.#post({ t: 'hello', from: this.#tab })
      case 'state':
        if (this.#leader || message.to !== this.#tab) return
        this.#epoch = message.epoch
        this.#joined = true
        this.#applied.merge(message.applied)
        this.#sync(message.version, message.state)
        for (const pending of this.#requests.all()) {
          const known = this.#applied.lookup(this.#tab, pending.seq)
          if (known !== undefined) this.#requests.answer(pending.seq, known, this.version)
          else this.#deliver(pending)
        }
        return this.#started()
      case 'patch':
        if (this.#leader || !this.#joined || message.epoch !== this.#epoch) return
        if (message.version > this.version) {
          if (message.since === this.version) this.#sync(message.version, undefined, message.patches)
          else {
            this.#joined = false
            this.#post({ t: 'hello', from: this.#tab })
          }
        }
        for (const answer of message.answers) {
          this.#applied.record(answer)
          if (answer[0] === this.#tab) this.#requests.answer(answer[1], [answer[2], answer[3], answer[4]], this.version)
        }
        return
      case 'lease': {
        if (this.#leader || message.to !== this.#tab || message.epoch !== this.#epoch) return
        const pending = this.#requests.get(message.seq)
        if (pending?.stage !== 'acquire') return
        pending.stage = 'running'
        pending.granted(message.version)
      }
    }
  }

  /** Makes `state` (or this state with `patches`) the commit at `version`. */
  #sync(version: number, state: unknown, patches?: unknown): void {
    const host = this.#executor.host
    host.queue.push(() => {
      const writer = new Writer(host.root)
      try {
        if (patches) applyPatches(writer, patches)
        else writer.put('sync', [], adopt('sync', [], state))
        host.commit(writer, 'sync', SYNC, version)
      } catch {
        this.#joined = false
        this.#post({ t: 'hello', from: this.#tab })
        return
      }
      this.#requests.caughtUp(version)
      if (this.#waiters.length) this.#waiters = this.#waiters.filter((waiter) => (waiter.version <= version ? (waiter.go(), false) : true))
    })
  }

  /** Sends a request to the leader, or, when this tab leads now, runs it here. */
  #deliver(pending: Pending): void {
    if (this.#leader) return this.#here(pending)
    const epoch = this.#epoch
    if (!this.#joined || epoch === undefined) return
    const base = { from: this.#tab, epoch, seq: pending.seq }
    if (pending.stage === 'op') this.#post({ t: 'op', ...base, op: pending.op! })
    else if (pending.stage === 'acquire') this.#post({ t: 'acquire', ...base, timeoutMs: pending.timeoutMs })
    else if (pending.stage === 'commit') this.#post({ t: 'commit', ...base, ...pending.commit! })
  }

  /** A request made while this tab followed, now that it leads: applied here unless the table says it was applied. */
  #here(pending: Pending): void {
    const known = this.#applied.lookup(this.#tab, pending.seq)
    if (known !== undefined) return this.#requests.answer(pending.seq, known, Infinity)
    if (pending.stage === 'running') return
    this.#requests.forget(pending.seq)
    if (pending.stage === 'acquire') return pending.granted(LOCAL)
    const done =
      pending.stage === 'op'
        ? coreOf(this).dispatch(pending.op!)
        : coreOf(this).enqueue('transaction', (writer) => {
            const { version, patches } = pending.commit!
            if (this.version !== version) throw fail.disconnected('transaction', 'the leading tab changed while the transaction ran; nothing was committed')
            applyPatches(writer, patches, 'transaction')
          })
    done.then(pending.resolve, pending.reject)
  }
}

let warned = false

const lockName = (name: string, tab?: string) => `atomic-datastore:${name}${tab === undefined ? '' : `:tab:${tab}`}`
