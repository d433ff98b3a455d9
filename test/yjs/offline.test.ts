// A store bound to a Y.Doc that y-indexeddb keeps in Chromium's IndexedDB: reload the page, and the
// state is back before any network.

import { expect, test } from 'vitest'
import { pageErrors, pageSite } from '../browser/harness'

const site = pageSite(new URL('./fixtures/offline-page.ts', import.meta.url).pathname)

test('what a page wrote is in the store again after a reload, from IndexedDB', async () => {
  const page = await site.browser.newPage()
  const errors = pageErrors(page)
  const ready = () => page.waitForFunction(() => (window as any).__device?.ready, undefined, { timeout: 30_000 })
  const state = () => page.evaluate(() => (window as any).__device.state())
  await page.goto(site.url)
  await ready()
  expect(await state()).toEqual({})
  await page.evaluate(() => (window as any).__device.work())
  const written = await state()
  expect(written).toEqual({ counter: 4, list: ['a', 'b'], note: 'saved offline', when: { $date: new Date(0).toISOString() }, nested: { deep: { ok: true } } })
  // y-indexeddb writes each update in an IndexedDB transaction of its own: wait until a fresh doc reads them all.
  const stored = () => page.evaluate(() => (window as any).__device.stored())
  await expect.poll(stored, { timeout: 10_000 }).toEqual(['counter', 'list', 'nested', 'note', 'when'])

  await page.reload()
  await ready()
  await expect.poll(state, { timeout: 10_000 }).toEqual(written)
  expect(await page.evaluate(() => (window as any).__device.errors())).toEqual([])
  expect(errors).toEqual([])
  await page.close()
})
