// The shared store: a store like any other, whose mutations run on its own queue while its tab leads,
// and go to the leading tab as requests while it follows (requests that keep their ids across a
// change of leader, so that each is applied once). This file holds the store's face and its changes
// of role; the channel's two sides are in leader.ts and follower.ts, the locks in election.ts.

import { Datastore, type DatastoreOptions, fail, operate, withExecutor } from '../core/internal'
import type { Persisted, PersistOptions } from '../persist/persist'
import { isOwnerKind, Msg, O, R } from '../worker/wire'
import { Applied } from './applied'
import { Election } from './election'
import { TabExecutor } from './executor'
import { Follower } from './follower'
import { hydrateFrom, persistLead, runHere } from './lead'
import { Leader } from './leader'
import { leased, type LeaseHost } from './lease'
import { type Pending, Requests } from './requests'
import { broadcast, isTabMessage } from './wire'

export type Role = 'leader' | 'follower'

export interface ShareOptions extends DatastoreOptions {
  /** Where the leading tab keeps the state (`key` defaults to the store's name); `false` keeps it in memory only. */
  readonly persist?: (Omit<PersistOptions, 'key'> & { readonly key?: string | undefined }) | false | undefined
}

/** How long a tab that takes the lead lets the messages its predecessor sent arrive first (ms). */
const SETTLE_MS = 30

/** Makes a shared store and joins the tabs of its name: `shareDatastore` without its documentation. */
export let openShared: <T extends object>(name: string, initial: T | undefined, options: ShareOptions) => Promise<SharedDatastore<T>>

export class SharedDatastore<T extends object = Record<string, any>> extends Datastore<T> {
  readonly #name: string
  readonly #tab = Math.random()
  readonly #options: ShareOptions
  #role: Role = 'follower'
  readonly #roleListeners = new Set<(role: Role) => void>()
  #channel: BroadcastChannel | undefined
  readonly #applied = new Applied()
  readonly #requests = new Requests()
  #election: Election | undefined
  #follower: Follower | undefined
  /** The epoch of this tab's lead, from the moment it holds the lock until it steps down. */
  #leading: number | undefined
  #leader: Leader | undefined
  #saved: Persisted | undefined
  #closed = false
  readonly #abort = new AbortController()
  #started!: () => void
  readonly #start = new Promise<void>((resolve) => (this.#started = resolve))
  readonly #executor: TabExecutor

  private constructor(name: string, initial: T | undefined, options: ShareOptions) {
    const executor = new TabExecutor()
    super(initial, withExecutor(options, executor.factory))
    this.#executor = executor
    this.#name = name
    this.#options = options
    const lease: LeaseHost = {
      requests: this.#requests,
      host: executor.host,
      deliver: (pending) => this.#deliver(pending),
      reached: (version) => this.#follower!.reached(version),
      release: (seq) => {
        if (this.#leading === undefined) this.#follower?.release(seq)
      },
      local: (fn, options) => executor.local.transaction(fn, options, undefined),
    }
    const closed = (op: string) => Promise.reject(fail.disconnected(op, 'the shared store was closed'))
    // While this tab follows, its mutations go to the leader; taking the lead takes this away.
    executor.remote = {
      dispatch: (op) => (this.#closed ? closed(op.type) : this.#requests.add({ stage: 'op', op }, (pending) => this.#deliver(pending)).done),
      operate: (label, keys, fn) => leased(lease, (_, writer) => operate(writer, label, keys, fn), { name: label }),
      transaction: (fn, options) => (this.#closed ? closed('transaction') : leased(lease, fn, options ?? {})),
    }
    executor.follow()
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
    this.#follower?.close()
    this.#channel?.close()
    const unlock = () => this.#election?.close()
    if (this.#saved) this.#saved.stop().then(unlock, unlock)
    else unlock()
  }

  /** Joins the tabs of `name` (or, without Web Locks and BroadcastChannel, stays local); resolves once the state is in. */
  async #join(): Promise<void> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
    if (!locks || typeof BroadcastChannel === 'undefined') return this.#local()
    const election = (this.#election = new Election(locks, this.#name, this.#tab, this.#abort.signal, {
      lead: () => void this.#lead(),
      lost: () => this.#stepDown(),
    }))
    const store = this
    const follower = (this.#follower = new Follower({
      tab: this.#tab,
      host: this.#executor.host,
      applied: this.#applied,
      requests: this.#requests,
      election,
      get leading() {
        return store.#leading !== undefined
      },
      post: (message) => this.#post(message),
      started: () => this.#started(),
    }))
    const channel = (this.#channel = new BroadcastChannel(`atomic-datastore:${this.#name}`))
    channel.onmessage = (event: MessageEvent) => this.#receive(event.data)
    await election.join()
    follower.hello()
    await this.#start
  }

  async #local(): Promise<void> {
    if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' && !warned) {
      warned = true
      console.warn(`[atomic-datastore] shareDatastore('${this.#name}'): this environment has no Web Locks or BroadcastChannel, so the store is not shared between tabs; it is a local, persisted store`)
    }
    this.#role = 'leader'
    this.#executor.lead(undefined)
    this.#saved = persistLead(this, this.#name, this.#options.persist, undefined, undefined)
    await this.#saved?.ready.catch(() => {})
  }

  /**
   * Takes the lead: announces it at once (so that the others wait for it rather than take over),
   * lets the predecessor's last messages arrive, takes the newer of its replica and the stored state,
   * then serves the others. Gives up if the lock is lost meanwhile.
   */
  async #lead(): Promise<void> {
    const election = this.#election!
    const follower = this.#follower!
    const epoch = Math.max(Date.now(), Math.floor(Math.max(follower.epoch, this.#leading ?? 0)) + 1) + Math.random() / 2
    this.#leading = epoch
    this.#post(broadcast(Msg.Announce, epoch, 0, 0, undefined, this.version, this.version, []))
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
    if (this.#closed || this.#leading !== epoch) return
    // A tab that has the last leader's state has the newest: anything stored is older. It serves at
    // once, and does not wait for a storage that a frozen predecessor's write may hold up.
    const current = follower.joined && this.version > 0
    follower.epoch = epoch
    follower.joined = false
    const saved = (this.#saved = persistLead(this, this.#name, this.#options.persist, election, hydrateFrom(this, this.#applied, follower)))
    if (!current) await saved?.ready.catch(() => {})
    if (this.#closed || this.#leading !== epoch) return
    if (this.version > 0) saved?.ready.then(() => saved.flush()).catch(() => {})
    this.#leader = new Leader(this, epoch, this.#applied, election, (message) => this.#post(message))
    this.#executor.lead(election)
    this.#setRole('leader')
    for (const pending of this.#requests.all()) this.#deliver(pending)
    this.#started()
  }

  /** The lock was taken from this tab: it stops serving and writing, and follows whoever leads now. */
  #stepDown(): void {
    const epoch = this.#leading
    if (epoch === undefined) return
    this.#leading = undefined
    this.#leader?.close()
    this.#leader = undefined
    // Its writes are fenced by now: the lock manager says another tab holds the lock.
    void this.#saved?.stop()
    this.#saved = undefined
    this.#executor.follow()
    const follower = this.#follower!
    follower.epoch = Math.max(follower.epoch, epoch)
    this.#setRole('follower')
    if (!this.#closed) follower.hello()
  }

  #setRole(role: Role): void {
    if (this.#role === role) return
    this.#role = role
    for (const listener of this.#roleListeners) listener(role)
  }

  #post(message: unknown[]): void {
    if (!this.#closed) this.#channel?.postMessage(message)
  }

  #receive(message: unknown): void {
    if (this.#closed || !isTabMessage(message)) return
    const leader = this.#leader
    if (isOwnerKind(message[R.Kind])) {
      // Another leader, newer than this one: this tab may have lost the lock while it was frozen.
      if (leader) return void ((message[O.Epoch] as number) > leader.epoch && this.#election!.verify())
      return this.#follower!.receive(message)
    }
    if (leader) leader.receive(message)
    else if (this.#leading !== undefined && message[R.Kind] === Msg.Ping) {
      // Taking the lead: not serving yet, but alive.
      this.#post(broadcast(Msg.Pong, this.#leading, message[R.From] as number, 0, undefined, this.version, this.version, []))
    }
  }

  /** Sends a request to the leader, or, when this tab leads now, runs it here. */
  #deliver(pending: Pending): void {
    if (this.#leading === undefined) return this.#follower?.deliver(pending)
    if (this.#leader) runHere(this, this.#applied, this.#requests, this.#tab, pending)
  }
}

let warned = false
