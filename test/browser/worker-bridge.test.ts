// The worker bridge in a real browser: a page owns a store, a module Web Worker writes to it too.

import { expect, test } from 'vitest'
import { pageErrors, pageSite } from './harness'

const site = pageSite(new URL('./fixtures/bridge-page.ts', import.meta.url).pathname, { workers: { 'bridge-worker': new URL('./fixtures/bridge-worker.ts', import.meta.url).pathname } })

test('a page and a Web Worker write to one store and lose nothing', async () => {
  const page = await site.browser.newPage()
  const errors = pageErrors(page)
  await page.goto(site.url)
  await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, undefined, { timeout: 30_000 })
  const result = await page.evaluate(() => (window as unknown as { __result: Record<string, number> }).__result)
  // 300 page increments + 200 worker increments + 100 worker operates + 1 worker transaction
  expect(result).toMatchObject({ counter: 601, fromWorker: 1, log: 20, ownerVersion: 621 })
  expect(result.workerSaw).toMatchObject({ counter: expect.any(Number) })
  expect(errors).toEqual([])
  await page.close()
})
