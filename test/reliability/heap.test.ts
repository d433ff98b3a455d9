// Heap growth under --expose-gc: a child process churns 300 rounds of 100 path subscriptions and one
// replica connection each (over a ~200 KB state), and its heap after gc must stay flat. A leaked
// replica would add its own copy of the state every round: about 130 MB over the run.

import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'

const run = promisify(execFile)
const CYCLES = 300
const BOUND = 4 * 1024 * 1024

describe('heap', () => {
  test(`${CYCLES} rounds of subscribe/unsubscribe and connect/close leave the heap within 4 MB`, async () => {
    const script = fileURLToPath(new URL('./fixtures/heap.ts', import.meta.url))
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(CYCLES)], { timeout: 100_000 })
    const { cycles, warm, after } = JSON.parse(stdout.trim().split('\n').pop()!) as { cycles: number; warm: number; after: number }
    expect(cycles).toBe(CYCLES)
    expect(after - warm).toBeLessThan(BOUND)
    console.log(`[reliability] heap: ${cycles} rounds, ${((after - warm) / 1024).toFixed(0)} KB growth after gc`)
  })
})
