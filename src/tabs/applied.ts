// The table of requests applied: for each tab, the last request (by its sequence number) that the
// leading tab finished, and the answers of the recent ones. It travels with every answer to every
// tab and is stored with the state, so a new leader knows what its predecessor already applied and
// answers a resent request from here instead of applying it twice.

import { decode, encode } from '../core/internal'

/** An answer: whether it succeeded, its value (or error as `[code, message, path]`), and the version it left. */
export type Answer = readonly [ok: boolean, value: unknown, version: number]

/** An answer as it travels: which tab's request, and its sequence number. */
export type Addressed = readonly [tab: number, seq: number, ok: boolean, value: unknown, version: number]

/** How many answers are kept per tab; a tab never has more requests than this in flight. */
const KEPT = 1024
/** How many tabs are remembered (each page load is a new tab). */
const TABS = 64
/** How many answers per tab are stored: only those a surviving tab could still be waiting for. */
const STORED = 64

interface Entry {
  last: number
  readonly answers: Map<number, Answer>
}

export class Applied {
  #tabs = new Map<number, Entry>()

  /** The answer to `tab`'s request `seq` if it was applied: the answer, `true` if applied and forgotten, or `undefined`. */
  lookup(tab: number, seq: number): Answer | true | undefined {
    const entry = this.#tabs.get(tab)
    if (!entry || seq > entry.last) return undefined
    return entry.answers.get(seq) ?? true
  }

  record([tab, seq, ok, value, version]: Addressed): void {
    let entry = this.#tabs.get(tab)
    if (!entry) {
      this.#tabs.set(tab, (entry = { last: 0, answers: new Map() }))
      if (this.#tabs.size > TABS) this.#tabs.delete(this.#tabs.keys().next().value!)
    }
    if (seq > entry.last) entry.last = seq
    entry.answers.set(seq, [ok, value, version])
    if (entry.answers.size > KEPT) entry.answers.delete(entry.answers.keys().next().value!)
  }

  /** A copy to send to a tab that joins (structured-cloneable). */
  snapshot(): [number, number, [number, Answer][]][] {
    return [...this.#tabs].map(([tab, { last, answers }]) => [tab, last, [...answers]])
  }

  /** Takes in a snapshot, keeping whichever knows more of each tab. */
  merge(snapshot: unknown): void {
    if (!Array.isArray(snapshot)) return
    for (const [tab, last, answers] of snapshot as [number, number, [number, Answer][]][]) {
      const mine = this.#tabs.get(tab)
      if (typeof tab !== 'number' || typeof last !== 'number' || (mine && mine.last >= last)) continue
      this.#tabs.set(tab, { last, answers: new Map(answers) })
    }
  }

  /** The stored form: JSON, with the recent answers' values in the store's JSON form. */
  toJSON(): unknown {
    return [...this.#tabs].map(([tab, { last, answers }]) => [tab, last, [...answers].slice(-STORED).map(([seq, [ok, value, version]]) => [seq, ok, encode(value), version])])
  }

  /** Reads the stored form back; anything malformed is skipped. */
  static fromJSON(json: unknown): Applied {
    const table = new Applied()
    if (!Array.isArray(json)) return table
    for (const item of json) {
      try {
        const [tab, last, answers] = item as [number, number, [number, boolean, unknown, number][]]
        const entry: Entry = { last, answers: new Map() }
        for (const [seq, ok, value, version] of answers) entry.answers.set(seq, [ok, decode(value), version])
        if (typeof tab === 'number' && typeof last === 'number') table.#tabs.set(tab, entry)
      } catch {
        // A malformed entry only loses the answers of a tab that has gone.
      }
    }
    return table
  }
}
