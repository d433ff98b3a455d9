// The shared store across real tabs: pages of one browser context with real IndexedDB, Web Locks and
// BroadcastChannel. Leading tabs close and crash while three others write; nothing is lost or doubled.

import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { pageErrors, pageSite } from './harness'

const site = pageSite(new URL('./fixtures/tab-page.ts', import.meta.url).pathname)

interface Done {
  increments: number
  transactions: number
  items: string[]
  rejected: string[]
}
interface Tab {
  work(tab: string, n: number, gapMs: number): Promise<Done>
  role(): string
  roles(): string[]
  state(): { count: number; txs: number; items: string[]; version: number }
}
declare const __tab: Tab

async function open(context: BrowserContext, name: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${site.url}?name=${name}`)
  await page.waitForFunction(() => typeof (window as { __tab?: unknown }).__tab === 'object', undefined, { timeout: 30_000 })
  return page
}

const role = (page: Page) => page.evaluate(() => __tab.role())
const state = (page: Page) => page.evaluate(() => __tab.state())
const until = async (check: () => Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('the condition never held')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('shareDatastore in Chromium', () => {
  test('three tabs write 500 mixed mutations each while the leader is closed twice and killed once: totals exact, nothing doubled, state back after reload', async () => {
    const context = await site.browser.newContext()
    const leaders = [await open(context, 'hammer'), await open(context, 'hammer'), await open(context, 'hammer')]
    const writers = [await open(context, 'hammer'), await open(context, 'hammer'), await open(context, 'hammer')]
    const errors = writers.map(pageErrors)
    expect(await Promise.all([...leaders, ...writers].map(role))).toEqual(['leader', 'follower', 'follower', 'follower', 'follower', 'follower'])

    const work = writers.map((page, i) => page.evaluate(([tab]) => __tab.work(tab!, 500, 6), [`w${i}`]))
    await new Promise((resolve) => setTimeout(resolve, 250))
    await leaders[0]!.close()
    await until(async () => (await role(leaders[1]!)) === 'leader')
    await new Promise((resolve) => setTimeout(resolve, 250))
    await leaders[1]!.close({ runBeforeUnload: false })
    await until(async () => (await role(leaders[2]!)) === 'leader')
    await new Promise((resolve) => setTimeout(resolve, 250))
    // A crash: the renderer dies with no chance to say goodbye.
    const cdp = await context.newCDPSession(leaders[2]!)
    const crashed = leaders[2]!.waitForEvent('crash')
    void cdp.send('Page.crash').catch(() => {})
    await crashed
    await until(async () => (await Promise.all(writers.map(role))).includes('leader'))
    const results = await Promise.all(work)

    const all = results.reduce((sum, r) => ({ increments: sum.increments + r.increments, transactions: sum.transactions + r.transactions, items: [...sum.items, ...r.items], rejected: [...sum.rejected, ...r.rejected] }))
    // Only a transaction whose lease was cut by the failover may reject, and then it was not applied.
    for (const rejection of all.rejected) expect(rejection).toBe('2:DISCONNECTED')
    expect(all.increments + all.transactions + all.items.length + all.rejected.length).toBe(1500)
    expect(all.rejected.length).toBeLessThan(10)
    const expected = { count: all.increments + all.transactions, txs: all.transactions }
    await until(async () => (await Promise.all(writers.map(state))).every((s) => s.count === expected.count && s.items.length === all.items.length))
    for (const page of writers) {
      const seen = await state(page)
      expect(seen).toMatchObject(expected)
      expect(new Set(seen.items).size).toBe(seen.items.length)
      expect([...seen.items].sort()).toEqual([...all.items].sort())
    }
    expect((await Promise.all(writers.map(role))).filter((r) => r === 'leader')).toEqual(['leader'])

    const before = await state(writers[0]!)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await Promise.all(writers.map((page) => page.reload()))
    for (const page of writers) await page.waitForFunction(() => typeof (window as { __tab?: unknown }).__tab === 'object', undefined, { timeout: 30_000 })
    for (const page of writers) expect(await state(page)).toMatchObject({ count: before.count, txs: before.txs, items: before.items })
    expect(errors.flat()).toEqual([])
    await context.close()
  })

  test('a request resent with the same id is applied once, by the leader and by its successor, which answers it from the table', async () => {
    const context = await site.browser.newContext()
    const first = await open(context, 'dedupe')
    const second = await open(context, 'dedupe')
    const raw = await open(context, 'raw-only')
    await raw.evaluate(() => {
      type Note = { t: string; to?: string; epoch?: string; answers?: [string, number, boolean, unknown, number][] }
      const channel = new BroadcastChannel('atomic-datastore:dedupe')
      const notes: Note[] = []
      channel.onmessage = (event: MessageEvent<Note>) => notes.push(event.data)
      Object.assign(window, { __raw: { channel, notes } })
    })
    type Raw = { channel: BroadcastChannel; notes: { t: string; to?: string; epoch?: string; answers?: [string, number, boolean, unknown, number][] }[] }
    const join = () =>
      raw.evaluate(async () => {
        const { channel, notes } = (window as unknown as { __raw: Raw }).__raw
        notes.length = 0
        channel.postMessage({ t: 'hello', from: 'probe' })
        while (!notes.some((note) => note.t === 'state' && note.to === 'probe')) await new Promise((resolve) => setTimeout(resolve, 10))
        return notes.find((note) => note.t === 'state')!.epoch!
      })
    const send = (epoch: string, seq: number) =>
      raw.evaluate(
        async ([epoch, seq]) => {
          const { channel, notes } = (window as unknown as { __raw: Raw }).__raw
          const op = { t: 'op', from: 'probe', epoch, seq, op: { type: 'increment', path: ['count'], by: 1 } }
          channel.postMessage(op)
          channel.postMessage(op)
          await new Promise((resolve) => setTimeout(resolve, 300))
          return notes.flatMap((note) => note.answers ?? []).filter(([tab, s]) => tab === 'probe' && s === seq).map(([, , ok, value]) => [ok, value])
        },
        [epoch, seq] as const,
      )

    const epoch = await join()
    expect(await send(epoch, 1)).toEqual([[true, 1], [true, 1]])
    expect((await state(first)).count).toBe(1)
    expect(await send('an-old-epoch', 2)).toEqual([])

    await first.close()
    await until(async () => (await role(second)) === 'leader')
    const next = await join()
    expect(next).not.toBe(epoch)
    // The new leader learned of request 1 from the table: it answers both copies and applies nothing.
    expect(await send(next, 1)).toEqual([[true, 1], [true, 1]])
    expect((await state(second)).count).toBe(1)
    expect(await send(next, 2)).toEqual([[true, 2], [true, 2]])
    expect((await state(second)).count).toBe(2)
    await context.close()
  })
})

