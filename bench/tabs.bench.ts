// `npm run bench:tabs`: the shared store between tabs, and what persisting costs.
// - In headless Chromium, two pages of one context: a follower tab's awaited increment against a raw
//   BroadcastChannel ping-pong between the same two pages (goal: at most 2×), in alternating rounds;
// - the storage writes that 1,000 increments issued at once cost, on the leading tab and on a
//   follower (persisted to IndexedDB, throttleMs 50);
// - in Node: what one write of a 1 MB state costs (encode + JSON text + fileStorage rename), and how
//   many writes a burst of 1,000 commits makes.

import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { bundle, launch, removeDir, serve } from '../test/browser/harness'
import { createDatastore } from '../src/index'
import { fileStorage, memoryStorage, type PersistStorage, persist } from '../src/persist'
import { write } from '../src/persist/record'
import { formatTime } from './harness'
import { median } from './worker-timing'

const GOAL = 2
const COUNT = 500
const ROUNDS = 7

interface Bench {
  role(): string
  trips(count: number, rounds: number): Promise<{ raw: number[]; increment: number[] }>
  writes(): number
  burst(count: number): Promise<number>
}
declare const __bench: Bench

async function browser(): Promise<void> {
  const dir = await bundle({ 'tabs-page': new URL('./tabs-page.ts', import.meta.url).pathname }, '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><script type="module" src="./tabs-page.js"></script></body></html>')
  const server = await serve(dir)
  const chromium = await launch()
  try {
    const context = await chromium.newContext()
    const open = async (query = '') => {
      const page = await context.newPage()
      await page.goto(`${server.url}${query}`)
      await page.waitForFunction(() => typeof (window as { __bench?: unknown }).__bench === 'object', undefined, { timeout: 60_000 })
      return page
    }
    const leader = await open()
    const follower = await open()
    console.log(`roles: ${await leader.evaluate(() => __bench.role())}, ${await follower.evaluate(() => __bench.role())}`)
    const trips = async (page: typeof follower, what: string) => {
      const { raw, increment } = await page.evaluate(([count, rounds]) => __bench.trips(count!, rounds!), [COUNT, ROUNDS])
      const rawNs = median(raw)
      const incNs = median(increment)
      const ratio = incNs / rawNs
      console.log(`follower tab, awaited increment (${what}): ${formatTime(incNs)} vs raw BroadcastChannel ping-pong ${formatTime(rawNs)}: ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×) ${ratio <= GOAL ? 'ok' : 'MISSED'}`)
    }
    await trips(follower, 'leader persists to IndexedDB, throttleMs 50')
    const memoryLeader = await open('?memory')
    const memoryFollower = await open('?memory')
    await trips(memoryFollower, 'persist: false')
    await memoryLeader.close()
    const settle = () => new Promise((resolve) => setTimeout(resolve, 600))
    const writes = () => leader.evaluate(() => __bench.writes())
    for (const [where, page] of [['the leading tab', leader], ['a follower tab', follower]] as const) {
      await settle()
      const before = await writes()
      await page.evaluate(() => __bench.burst(1000))
      await settle()
      console.log(`1,000 increments at once on ${where}: ${(await writes()) - before} IndexedDB write(s) by the leading tab (throttleMs 50)`)
    }
    await context.close()
  } finally {
    await chromium.close()
    await server.close()
    removeDir(dir)
  }
}

async function node(): Promise<void> {
  const big: Record<string, string> = {}
  for (let i = 0; i < 1000; i++) big[`k${i}`] = 'x'.repeat(1000)
  const store = createDatastore<{ big: Record<string, string>; n: number }>({ big, n: 0 })
  const text = write(store.state, 1, 0)
  const samples: number[] = []
  for (let i = 0; i < 21; i++) {
    const start = process.hrtime.bigint()
    write(store.state, 1, i)
    samples.push(Number(process.hrtime.bigint() - start))
  }
  console.log(`one write of a 1 MB state (${(text.length / 1e6).toFixed(2)} MB of text): ${formatTime(median(samples))} to encode and stringify`)
  const dir = mkdtempSync(join(tmpdir(), 'ads-bench-'))
  try {
    const files = fileStorage(dir)
    const disk: number[] = []
    for (let i = 0; i < 11; i++) {
      const start = process.hrtime.bigint()
      await files.set('big', text)
      disk.push(Number(process.hrtime.bigint() - start))
    }
    console.log(`  and ${formatTime(median(disk))} to write it with fileStorage (temporary file + rename)`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  let writes = 0
  const memory = memoryStorage()
  const counting: PersistStorage = { get: memory.get, delete: memory.delete, set: (key, value) => (writes++, memory.set(key, value)) }
  const saved = persist(store, { key: 'big', storage: counting, throttleMs: 100 })
  await saved.ready
  for (let i = 0; i < 1000; i++) void store.increment('n')
  await new Promise((resolve) => setTimeout(resolve, 300))
  console.log(`1,000 one-key commits on the 1 MB state, at once: ${writes} write(s) (throttleMs 100), instead of 1,000 × 1 MB`)
  await saved.stop()
}

console.log(`tabs benchmark on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`)
await node()
await browser()
