// Three Node clients and one Chromium page sync one document through a real y-websocket server on
// 127.0.0.1. They write at once, one client goes offline and keeps writing, then comes back: every
// store ends with the same state, the counter is the sum of every increment and the list holds
// every appended item exactly once.

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { bundle, launch, pageErrors, removeDir, serve } from '../browser/harness'
import { type Client, connect, startServer } from './server'

let server: Awaited<ReturnType<typeof startServer>>
let site: Awaited<ReturnType<typeof serve>>
let dir: string
let browser: Browser
const clients: Client[] = []

beforeAll(async () => {
  server = await startServer()
  dir = await bundle(
    { 'ws-page': new URL('./fixtures/ws-page.ts', import.meta.url).pathname },
    '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><script type="module" src="./ws-page.js"></script></body></html>',
  )
  site = await serve(dir)
  browser = await launch()
})

afterAll(async () => {
  for (const client of clients) client.close()
  await browser?.close()
  await site?.close()
  await server?.close()
  if (dir) removeDir(dir)
})

async function work(client: Client, prefix: string, count: number, by: number) {
  for (let i = 0; i < count; i++) {
    await client.store.increment('counter', by)
    await client.store.append('list', `${prefix}-${i}`)
    await new Promise((resolve) => setTimeout(resolve, i % 3))
  }
}

const pageState = (page: Page) => page.evaluate(() => (window as any).__device.state())

test('three Node clients and a browser page converge through y-websocket, one of them offline for a while', async () => {
  const room = 'board'
  clients.push(await connect(server.url, room, { counter: 0, list: [] }))
  clients.push(await connect(server.url, room), await connect(server.url, room))
  const [a, b, c] = clients as [Client, Client, Client]
  expect(b.store.state).toEqual({ counter: 0, list: [] })

  const page = await browser.newPage()
  const errors = pageErrors(page)
  await page.goto(`${site.url}?server=${encodeURIComponent(server.url)}&room=${room}`)
  await page.waitForFunction(() => (window as any).__synced === true, undefined, { timeout: 30_000 })

  const offline = (async () => {
    await work(c, 'c-online', 10, 1)
    c.provider.disconnect()
    await work(c, 'c-offline', 30, 2)
    // Offline, its own writes still commit at once: 10 × 1 + 30 × 2 at least.
    expect(c.store.get('counter')).toBeGreaterThanOrEqual(70)
    c.provider.connect()
  })()
  await Promise.all([work(a, 'a', 40, 1), work(b, 'b', 40, 3), page.evaluate(() => (window as any).__device.work('page', 40, 5)), offline])

  const total = 40 * 1 + 40 * 3 + 40 * 5 + 10 * 1 + 30 * 2
  const expected = [
    ...['a', 'b', 'page'].flatMap((p) => Array.from({ length: 40 }, (_, i) => `${p}-${i}`)),
    ...Array.from({ length: 10 }, (_, i) => `c-online-${i}`),
    ...Array.from({ length: 30 }, (_, i) => `c-offline-${i}`),
  ].sort()
  for (const client of clients) {
    await expect.poll(() => client.store.get('counter'), { timeout: 20_000, interval: 50 }).toBe(total)
    await expect.poll(() => client.store.get('list').length, { timeout: 20_000, interval: 50 }).toBe(expected.length)
  }
  await expect.poll(async () => (await pageState(page)).list.length, { timeout: 20_000, interval: 50 }).toBe(expected.length)

  const state = a.store.state
  expect([...state.list].sort()).toEqual(expected)
  expect(state.counter).toBe(total)
  for (const client of clients) expect(client.store.state).toEqual(state)
  expect(await pageState(page)).toEqual(state)
  for (const client of clients) expect(client.errors).toEqual([])
  expect(await page.evaluate(() => (window as any).__device.errors())).toEqual([])
  expect(errors).toEqual([])
  await page.close()
})
