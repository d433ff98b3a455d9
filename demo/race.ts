// A terminal demo of the store's main job: many async callbacks doing read, await, write on one
// counter. Plain reads and writes lose updates; an async transaction loses none.

import { createDatastore } from '../src/index'

const CALLBACKS = 100
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 10))

async function naive() {
  const store = createDatastore({ counter: 0 })
  await Promise.all(
    Array.from({ length: CALLBACKS }, async () => {
      const seen = store.get('counter')
      await pause()
      await store.set('counter', seen + 1)
    }),
  )
  return store
}

async function withTransactions() {
  const store = createDatastore({ counter: 0 })
  await Promise.all(
    Array.from({ length: CALLBACKS }, () =>
      store.transaction(async (tx) => {
        const seen = tx.get('counter')
        await pause()
        tx.set('counter', seen + 1)
      }),
    ),
  )
  return store
}

async function withIncrement() {
  const store = createDatastore({ counter: 0 })
  await Promise.all(
    Array.from({ length: CALLBACKS }, async () => {
      await pause()
      await store.increment('counter')
    }),
  )
  return store
}

const line = (label: string, counter: number, commits: number) =>
  `${label.padEnd(34)} counter = ${String(counter).padStart(3)}   lost updates = ${String(CALLBACKS - counter).padStart(3)}   commits = ${commits}`

console.log(`${CALLBACKS} async callbacks each add 1 to a counter after an await.\n`)
const a = await naive()
console.log(line('get, await, set', a.get('counter'), a.version))
const b = await withTransactions()
console.log(line('transaction(async tx => ...)', b.get('counter'), b.version))
const c = await withIncrement()
console.log(line('await, increment', c.get('counter'), c.version))
console.log('\nThe transaction holds the store across its await, so every other write waits in the queue.')
if (b.get('counter') !== CALLBACKS || c.get('counter') !== CALLBACKS) process.exitCode = 1
