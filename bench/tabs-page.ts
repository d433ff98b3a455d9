// A tab of the tabs benchmark: joins a shared store persisted to IndexedDB through a storage that
// counts its writes (or, with `?memory`, not persisted), and answers raw BroadcastChannel pings, so the
// bench can time both side by side.

import { indexedDBStorage, type PersistStorage } from '../src/persist'
import { shareDatastore } from '../src/tabs'

let writes = 0
const idb = indexedDBStorage('tabs-bench')
const counting: PersistStorage = {
  get: (key) => idb.get(key),
  set: (key, text) => {
    writes++
    return idb.set(key, text)
  },
  delete: (key) => idb.delete(key),
}

const memory = location.search.includes('memory')
const name = memory ? 'tabs-bench-memory' : 'tabs-bench'
const store = await shareDatastore(name, { counter: 0 }, memory ? { persist: false } : { persist: { storage: counting, throttleMs: 50 } })
const raw = new BroadcastChannel(`${name}-raw`)
let answer: (() => void) | undefined
raw.onmessage = (event: MessageEvent<{ ping?: number; pong?: number }>) => {
  if (event.data.ping !== undefined) raw.postMessage({ pong: event.data.ping })
  else answer?.()
}

const time = async (trip: (i: number) => Promise<unknown>, count: number) => {
  const start = performance.now()
  for (let i = 0; i < count; i++) await trip(i)
  return ((performance.now() - start) * 1e6) / count
}
const ping = (i: number) =>
  new Promise<void>((resolve) => {
    answer = resolve
    raw.postMessage({ ping: i })
  })

Object.assign(window, {
  __bench: {
    role: () => store.role,
    writes: () => writes,
    /** ns per raw ping-pong, and per awaited increment, in alternating rounds. */
    async trips(count: number, rounds: number) {
      await time(ping, count)
      await time(() => store.increment('counter'), count)
      const out = { raw: [] as number[], increment: [] as number[] }
      for (let r = 0; r < rounds; r++) {
        out.raw.push(await time(ping, count))
        out.increment.push(await time(() => store.increment('counter'), count))
      }
      return out
    },
    /** Issues `count` increments at once and waits for them. */
    async burst(count: number) {
      const calls = []
      for (let i = 0; i < count; i++) calls.push(store.increment('counter'))
      await Promise.all(calls)
      return store.get('counter')
    },
  },
})
