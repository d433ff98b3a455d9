// The dispatch queue: one per store. Jobs run one at a time, in issue order, synchronously when the
// queue is idle. An async transaction holds the queue until it settles.

import { watchStall } from './warn'

type Job = () => void

export class DispatchQueue {
  #jobs: (Job | undefined)[] = []
  #head = 0
  #running = false
  #held = false
  #stall: ReturnType<typeof setTimeout> | undefined

  /** Whether a job would run right now, before `push` returns. */
  get idle(): boolean {
    return !this.#running && !this.#held && this.#head === this.#jobs.length
  }

  /** How many jobs wait behind the running one. */
  get pending(): number {
    return this.#jobs.length - this.#head
  }

  /** Adds a job; it runs before this call returns when the queue is idle. Jobs must not throw. */
  push(job: Job): void {
    this.#jobs.push(job)
    if (this.#held) this.#stall ??= watchStall(() => this.#held)
    this.#drain()
  }

  /** Called by the running job: the queue stays closed until the returned release is called. */
  hold(): () => void {
    this.#held = true
    if (this.pending > 0) this.#stall ??= watchStall(() => this.#held)
    let released = false
    return () => {
      if (released) return
      released = true
      this.#held = false
      clearTimeout(this.#stall)
      this.#stall = undefined
      this.#drain()
    }
  }

  #drain(): void {
    if (this.#running) return
    this.#running = true
    try {
      while (!this.#held && this.#head < this.#jobs.length) {
        const job = this.#jobs[this.#head]!
        this.#jobs[this.#head++] = undefined
        job()
      }
    } finally {
      this.#running = false
      if (this.#head === this.#jobs.length) {
        this.#jobs = []
        this.#head = 0
      } else if (this.#head > 1024 && this.#head * 2 > this.#jobs.length) {
        this.#jobs = this.#jobs.slice(this.#head)
        this.#head = 0
      }
    }
  }
}
