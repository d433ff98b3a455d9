// `npm run bench:history`: the memory 1,000 undo steps hold on a 1 MB state. 1,000 commits
// are recorded, then forgotten (`clear`); the heap freed (after a full GC) is what the steps held.

import { createDatastore } from '../src/index'
import { createHistory } from '../src/history'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')

const STEPS = 1000

function makeState() {
  const items = Array.from({ length: 7100 }, (_, i) => ({
    id: i,
    title: `item number ${i} with a title of some length`,
    done: i % 3 === 0,
    tags: ['red', 'green', 'blue'].slice(0, i % 4),
    meta: { created: 1_700_000_000_000 + i, owner: `user-${i % 97}` },
  }))
  return { items, counter: 0 }
}

function heap(): number {
  gc!()
  gc!()
  return process.memoryUsage().heapUsed
}

/** The heap the history's steps hold: measured with them, then again once it has forgotten them. */
async function run(): Promise<number> {
  const store = createDatastore<ReturnType<typeof makeState>>(makeState())
  const history = createHistory(store, { limit: STEPS })
  for (let i = 0; i < STEPS; i++) {
    const at = (i * 7919) % store.state.items.length
    if (i % 3 === 0) await store.set(['items', at, 'title'], `edited ${i}`)
    else if (i % 3 === 1) await store.increment('counter')
    else await store.transaction((tx) => {
      tx.set(['items', at, 'done'], !tx.get(['items', at, 'done']))
      tx.append(['items', at, 'tags'], 'new')
    }, { name: 'toggle' })
  }
  const withSteps = heap()
  history.clear()
  return withSteps - heap()
}

const size = JSON.stringify(makeState()).length
const runs = [await run(), await run(), await run()]
const held = runs.sort((a, b) => a - b)[1]!
console.log(`state: ${(size / 1024 / 1024).toFixed(2)} MB as JSON; ${STEPS} commits (sets, increments, two-step transactions)`)
console.log(`the history's ${STEPS} steps hold ${(held / 1024).toFixed(0)} KB of heap (median of 3 runs), ${(held / STEPS).toFixed(0)} bytes a step`)
console.log(`whole-state snapshots would hold ${STEPS} × ${(size / 1024 / 1024).toFixed(2)} MB of JSON text: ${((STEPS * size) / held).toFixed(0)}× more`)
