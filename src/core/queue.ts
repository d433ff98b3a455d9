// The dispatch queue: one per store. Jobs run one at a time, in issue order, synchronously when the
// queue is idle. An async transaction holds the queue until it settles.

type Job = () => void

export class DispatchQueue {
  #jobs: (Job | undefined)[] = []
  #head = 0
  #running = false
  #held = false

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
    this.#drain()
  }

  /** Called by the running job: the queue stays closed until the returned release is called. */
  hold(): () => void {
    this.#held = true
    let released = false
    return () => {
      if (released) return
      released = true
      this.#held = false
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
