// Who leads, by Web Locks: each tab holds a lock of its own (the leader learns that a tab went away
// when it comes free) and queues for the store's lock; the holder leads. A leader that has gone
// silent (frozen, or hung) still holds the lock: a follower steals it, one follower at a time and only
// from the holder it found silent. A leader checks that it still holds the lock before it acts after
// a silence of its own, and before every write to storage, so a deposed leader changes nothing.

/** How long a leader may have said nothing before it checks that it still leads (ms). */
const FRESH_MS = 400

const noop = () => {}

export interface Candidate {
  /** The lock is granted (or was taken from a silent leader); it is held until the tab closes or loses it. */
  lead(): void
  /** The lock was taken from this tab while it led. */
  lost(): void
}

export class Election {
  readonly #locks: LockManager
  readonly #name: string
  readonly #tabLock: string
  readonly #signal: AbortSignal
  readonly #candidate: Candidate
  /** This document's id in the lock manager, to recognise the locks it holds. */
  #client: string | undefined
  /** Lets go of the store's lock, while this tab holds it. */
  #release: (() => void) | undefined
  /** Lets go of this tab's own lock. */
  #releaseTab: (() => void) | undefined
  #queued: AbortController | undefined
  /** When this tab, leading, last told the others it is alive (Date.now()). */
  #said = 0
  #checking: Promise<boolean> | undefined

  constructor(locks: LockManager, name: string, tab: number, signal: AbortSignal, candidate: Candidate) {
    this.#locks = locks
    this.#name = lockName(name)
    this.#tabLock = lockName(name, tab)
    this.#signal = signal
    this.#candidate = candidate
  }

  /** The name of the lock tab `tab` holds while it lives. */
  lockOf = (tab: number): string => `${this.#name}:tab:${tab}`

  /** Takes this tab's own lock (and learns this document's id), then queues for the lead. */
  async join(): Promise<void> {
    await new Promise<void>((granted) => {
      this.#locks.request(this.#tabLock, { signal: this.#signal }, () => new Promise<void>((release) => ((this.#releaseTab = release), granted()))).catch(noop)
    })
    const { held = [] } = await this.#locks.query()
    this.#client = held.find((lock) => lock.name === this.#tabLock)?.clientId
    this.stand()
  }

  /** Queues for the store's lock, unless this tab holds it or is queued already. */
  stand(): void {
    if (this.#release || this.#queued || this.#signal.aborted) return
    this.#queued = new AbortController()
    this.#request({ signal: this.#queued.signal }, false)
  }

  /** The document that holds the store's lock (`undefined` if none does). */
  async holder(): Promise<string | undefined> {
    const { held = [] } = await this.#locks.query()
    return held.find((lock) => lock.name === this.#name)?.clientId
  }

  /**
   * Takes the lead from `suspect`, the holder found silent, if it still holds the lock and `silent()`
   * still says so once this tab's turn comes: followers take over one at a time, so the second finds
   * a new holder and stays.
   */
  takeOver(suspect: string | undefined, silent: () => boolean): Promise<void> {
    if (suspect === undefined || suspect === this.#client || this.#release) return Promise.resolve()
    return this.#locks
      .request(`${this.#name}:takeover`, { signal: this.#signal }, async () => {
        if (!silent() || this.#release || (await this.holder()) !== suspect) return
        this.#queued?.abort()
        this.#queued = undefined
        await this.#request({ steal: true }, true)
      })
      .then(noop, noop)
  }

  /** While leading: a message went out, so the others know this tab is alive. */
  said(): void {
    this.#said = Date.now()
  }

  /** Whether this tab led a moment ago (it spoke lately), so it needs no check before it acts. */
  get fresh(): boolean {
    return this.#release !== undefined && Date.now() - this.#said < FRESH_MS
  }

  /** Whether this tab still holds the store's lock; if it lost it, `lost()` has run by the time this resolves. */
  verify(): Promise<boolean> {
    return (this.#checking ??= this.holds().then((holds) => {
      this.#checking = undefined
      if (holds) this.said()
      else this.#lose()
      return holds
    }))
  }

  /** Whether this tab holds the store's lock, as the lock manager says now. */
  async holds(): Promise<boolean> {
    if (!this.#release) return false
    if (this.#client === undefined) return true
    return (await this.holder()) === this.#client
  }

  /** Lets go of every lock. */
  close(): void {
    this.#queued?.abort()
    this.#release?.()
    this.#release = undefined
    this.#releaseTab?.()
  }

  /**
   * Asks for the store's lock; resolves once it is granted (or refused). The lock is held until
   * `close`; if it is stolen meanwhile, the request rejects and this tab has lost the lead.
   */
  #request(options: LockOptions, stolen: boolean): Promise<void> {
    let hold: (() => void) | undefined
    return new Promise<void>((granted) => {
      this.#locks
        .request(this.#name, options, () => {
          if (!stolen) this.#queued = undefined
          granted()
          if (this.#signal.aborted || this.#release) return
          return new Promise<void>((release) => {
            this.#release = hold = release
            this.said()
            this.#candidate.lead()
          })
        })
        .catch(() => {
          granted()
          if (hold && this.#release === hold) this.#lose()
        })
    })
  }

  /** The lock was taken from this tab: it follows from now on, and queues again. */
  #lose(): void {
    const release = this.#release
    if (!release) return
    this.#release = undefined
    release()
    this.#candidate.lost()
    this.stand()
  }
}

export const lockName = (name: string, tab?: number) => `atomic-datastore:${name}${tab === undefined ? '' : `:tab:${tab}`}`
