// The shared store across real tabs: pages of one browser context with real IndexedDB, Web Locks and
// BroadcastChannel. Leading tabs close, crash and hang while others write; nothing is lost or doubled.

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
  store: { increment(path: string): Promise<number> }
  stored(): Promise<{ count: number; txs: number; items: string[] } | undefined>
  wire: { hello(tab: number): unknown[]; increment(tab: number, epoch: number, seq: number): unknown[]; read(raw: unknown): Record<string, any> | undefined }
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
/** `promise`, or an error that names `what` if it has not settled within `ms` (so a hang says where). */
const within = <T>(what: string, promise: Promise<T>, ms = 40_000): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms))])
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
    // A tab played by hand on the bridge's wire: it records every message, read with named fields.
    await raw.evaluate(() => {
      const channel = new BroadcastChannel('atomic-datastore:dedupe')
      const notes: Record<string, any>[] = []
      channel.onmessage = (event: MessageEvent) => {
        const note = __tab.wire.read(event.data)
        if (note) notes.push(note)
      }
      Object.assign(window, { __raw: { channel, notes } })
    })
    const join = () =>
      raw.evaluate(async (probe) => {
        const { channel, notes } = (window as unknown as { __raw: Raw }).__raw
        notes.length = 0
        channel.postMessage(__tab.wire.hello(probe))
        while (!notes.some((note) => note.kind === 'snapshot' && note.to === probe)) await new Promise((resolve) => setTimeout(resolve, 10))
        return notes.find((note) => note.kind === 'snapshot')!.epoch as number
      }, PROBE)
    const send = (epoch: number, seq: number) =>
      raw.evaluate(
        async ([probe, epoch, seq]) => {
          const { channel, notes } = (window as unknown as { __raw: Raw }).__raw
          const op = __tab.wire.increment(probe!, epoch!, seq!)
          channel.postMessage(op)
          channel.postMessage(op)
          await new Promise((resolve) => setTimeout(resolve, 300))
          // One answer comes as the bridge's result, several in a patch message's answers.
          const answers = notes.flatMap((note): [number, number, boolean, unknown][] =>
            note.kind === 'result' ? [[note.to, note.id, !note.error, note.error ?? note.value]] : note.kind === 'patch' ? (note.answers ?? []) : [],
          )
          return answers.filter(([tab, s]) => tab === probe && s === seq).map(([, , ok, value]) => [ok, value])
        },
        [PROBE, epoch, seq] as const,
      )

    const epoch = await join()
    expect(await send(epoch, 1)).toEqual([[true, 1], [true, 1]])
    expect((await state(first)).count).toBe(1)
    expect(await send(epoch - 1, 2)).toEqual([])

    await first.close()
    await until(async () => (await role(second)) === 'leader')
    const next = await join()
    expect(next).toBeGreaterThan(epoch)
    // The new leader learned of request 1 from the table: it answers both copies and applies nothing.
    expect(await send(next, 1)).toEqual([[true, 1], [true, 1]])
    expect((await state(second)).count).toBe(1)
    expect(await send(next, 2)).toEqual([[true, 2], [true, 2]])
    expect((await state(second)).count).toBe(2)
    await context.close()
  })

  test('a leader that hangs holding its lock is replaced: another tab steals the lock, the writes go on exact, and the old leader wakes as a follower that wrote nothing', async () => {
    const context = await site.browser.newContext()
    const tabs = [await open(context, 'hung'), await open(context, 'hung'), await open(context, 'hung'), await open(context, 'hung')]
    const [old, ...writers] = tabs as [Page, ...Page[]]
    const errors = tabs.map(pageErrors)
    expect(await Promise.all(tabs.map(role))).toEqual(['leader', 'follower', 'follower', 'follower'])

    const results = await Promise.all(writers.map((page, i) => page.evaluate(([tab]) => __tab.work(tab!, 60, 2), [`a${i}`])))
    // The leader stops running, still holding its Web Lock: its JavaScript is paused in the debugger,
    // as a frozen tab's would be (Chromium does not freeze a page that Playwright keeps focused). It
    // stops right after a commit of its own, with that commit's write to storage still pending.
    const cdp = await context.newCDPSession(old)
    await cdp.send('Debugger.enable')
    const paused = new Promise((resolve) => cdp.once('Debugger.paused', resolve))
    await old.evaluate(() =>
      __tab.store.increment('count').then(() =>
        setTimeout(() => {
          debugger
        }),
      ),
    )
    results.push({ increments: 1, transactions: 0, items: [], rejected: [] })
    await within('the pause', paused)
    const stoppedAt = Date.now()
    const work = writers.map((page, i) => page.evaluate(([tab]) => __tab.work(tab!, 300, 6), [`w${i}`]))
    await until(async () => (await Promise.all(writers.map(role))).includes('leader'))
    console.log(`a hung leader was replaced ${Date.now() - stoppedAt} ms after it stopped`)
    results.push(...(await within("the writers' mutations", Promise.all(work))))
    await cdp.send('Debugger.resume')
    // Awake, it writes nothing to storage: what is stored is the new leader's state.
    await until(async () => (await role(old)) === 'follower')
    await new Promise((resolve) => setTimeout(resolve, 300))
    const leader = writers[(await Promise.all(writers.map(role))).indexOf('leader')]!
    expect(await old.evaluate(() => __tab.stored())).toEqual({ count: (await state(leader)).count, txs: (await state(leader)).txs, items: (await state(leader)).items })
    // Its first mutations find that it no longer leads, and go to the new leader.
    results.push(await within("the old leader's mutations", old.evaluate(() => __tab.work('old', 30, 0))))

    const all = results.reduce((sum, r) => ({ increments: sum.increments + r.increments, transactions: sum.transactions + r.transactions, items: [...sum.items, ...r.items], rejected: [...sum.rejected, ...r.rejected] }))
    for (const rejection of all.rejected) expect(rejection).toBe('2:DISCONNECTED')
    expect(all.increments + all.transactions + all.items.length + all.rejected.length).toBe(1111)
    expect(all.rejected.length).toBeLessThan(10)
    const expected = { count: all.increments + all.transactions, txs: all.transactions }
    await until(async () => (await Promise.all(tabs.map(state))).every((s) => s.count === expected.count && s.items.length === all.items.length))
    for (const page of tabs) {
      const seen = await state(page)
      expect(seen).toMatchObject(expected)
      expect(new Set(seen.items).size).toBe(seen.items.length)
      expect([...seen.items].sort()).toEqual([...all.items].sort())
    }
    expect((await Promise.all(tabs.map(role))).filter((r) => r === 'leader')).toEqual(['leader'])
    expect(await old.evaluate(() => __tab.roles())).toEqual(['leader', 'follower'])
    // What is stored is the new leader's state: the old one, woken with its writes pending, wrote nothing.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await old.evaluate(() => __tab.stored())).toEqual({ ...expected, items: (await state(old)).items })
    expect(errors.flat()).toEqual([])
    await context.close()
  })
})

type Raw = { channel: BroadcastChannel; notes: Record<string, any>[] }
const PROBE = 0.5

