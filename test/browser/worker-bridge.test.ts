// The worker bridge in a real browser: a page owns a store, a module Web Worker writes to it too.

import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { bundle, launch, pageErrors, removeDir, serve } from './harness'

let dir: string
let server: Awaited<ReturnType<typeof serve>>
let browser: Browser

beforeAll(async () => {
  const fixtures = new URL('./fixtures/', import.meta.url).pathname
  dir = await bundle(
    { 'bridge-page': `${fixtures}bridge-page.ts`, 'bridge-worker': `${fixtures}bridge-worker.ts` },
    '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><script type="module" src="./bridge-page.js"></script></body></html>',
  )
  server = await serve(dir)
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (dir) removeDir(dir)
})

test('a page and a Web Worker write to one store and lose nothing', async () => {
  const page = await browser.newPage()
  const errors = pageErrors(page)
  await page.goto(server.url)
  await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, undefined, { timeout: 30_000 })
  const result = await page.evaluate(() => (window as unknown as { __result: Record<string, number> }).__result)
  // 300 page increments + 200 worker increments + 100 worker operates + 1 worker transaction
  expect(result).toMatchObject({ counter: 601, fromWorker: 1, log: 20, ownerVersion: 621 })
  expect(result.workerSaw).toMatchObject({ counter: expect.any(Number) })
  expect(errors).toEqual([])
  await page.close()
})
