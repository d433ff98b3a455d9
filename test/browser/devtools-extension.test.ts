// Devtools through the browser extension's connection, in Chromium: the page stands in for the
// extension with its documented connect/init/send/subscribe contract, and the test plays the monitor.

import type { Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { pageErrors, pageSite } from './harness'

const site = pageSite(new URL('./fixtures/devtools-page.ts', import.meta.url).pathname)

/** Runs `body` in the page with the store and the monitor. */
const inPage = <R>(page: Page, body: string): Promise<R> =>
  page.evaluate(`(async () => { const store = window.__store; const monitor = window.__monitor; ${body} })()`) as Promise<R>

test('commits arrive named with their state; jump, rollback, commit, reset, import, pause and lock act on the store', async () => {
  const page = await site.browser.newPage()
  const errors = pageErrors(page)
  await page.goto(site.url)
  await page.waitForFunction(() => '__monitor' in window)

  expect(await inPage(page, 'return [monitor.options, monitor.inits]')).toEqual([
    [expect.objectContaining({ name: 'shop', maxAge: 25 })],
    [JSON.stringify({ cart: { items: [], total: 0 }, seen: { $map: [['home', { $date: '1970-01-01T00:00:00.000Z' }]] } })],
  ])

  await inPage(
    page,
    `await store.append(['cart', 'items'], 'apple')
     await store.increment(['cart', 'total'], 3)
     await store.transaction((tx) => { tx.append(['cart', 'items'], 'pear'); tx.increment(['cart', 'total'], 2) }, { name: 'add pear' })
     await store.operate('seen', (seen) => { seen.set('cart', new Date(1000)) })`,
  )
  const sent = await inPage<{ action: { type: string }; state: string }[]>(page, 'return monitor.sent')
  expect(sent.map((s) => s.action.type)).toEqual(['append cart.items', 'increment cart.total', 'add pear', 'operate seen'])
  expect(JSON.parse(sent[3]!.state).seen).toEqual({ $map: [['home', { $date: '1970-01-01T00:00:00.000Z' }], ['cart', { $date: '1970-01-01T00:00:01.000Z' }]] })

  // Jump to the state after the first action: the store takes it, and nothing is sent back.
  const jumped = await inPage(
    page,
    `const changed = new Promise((resolve) => store.subscribe(resolve))
     monitor.emit({ type: 'DISPATCH', payload: { type: 'JUMP_TO_ACTION', actionId: 1 }, state: monitor.sent[0].state })
     await changed
     return [store.get(['cart']), store.get('seen') instanceof Map, monitor.sent.length]`,
  )
  expect(jumped).toEqual([{ items: ['apple'], total: 0 }, true, 4])

  // Pause: commits are not sent until recording resumes.
  const paused = await inPage(
    page,
    `monitor.emit({ type: 'DISPATCH', payload: { type: 'PAUSE_RECORDING', status: true } })
     await store.increment(['cart', 'total'])
     const during = monitor.sent.length
     monitor.emit({ type: 'DISPATCH', payload: { type: 'PAUSE_RECORDING', status: false } })
     await store.increment(['cart', 'total'])
     return [during, monitor.sent.at(-1).action.type]`,
  )
  expect(paused).toEqual([4, 'increment cart.total'])

  // Lock: the store's queue is held; a mutation waits until the lock is released.
  const locked = await inPage(
    page,
    `monitor.emit({ type: 'DISPATCH', payload: { type: 'LOCK_CHANGES', status: true } })
     let done = false
     const waiting = store.increment(['cart', 'total'], 10).then(() => (done = true))
     await new Promise((resolve) => setTimeout(resolve, 50))
     const whileLocked = [done, store.get(['cart', 'total'])]
     monitor.emit({ type: 'DISPATCH', payload: { type: 'LOCK_CHANGES', status: false } })
     await waiting
     return [whileLocked, store.get(['cart', 'total'])]`,
  )
  expect(locked).toEqual([[false, 2], 12])

  // Commit makes the current state the monitor's new start; rollback returns to it.
  const rolled = await inPage(
    page,
    `monitor.emit({ type: 'DISPATCH', payload: { type: 'COMMIT' } })
     const committed = monitor.inits.at(-1)
     await store.set(['cart', 'total'], 99)
     const back = new Promise((resolve) => store.subscribe(resolve))
     monitor.emit({ type: 'DISPATCH', payload: { type: 'ROLLBACK' }, state: committed })
     await back
     await new Promise((resolve) => setTimeout(resolve, 0))
     return [store.get(['cart', 'total']), monitor.inits.at(-1) === committed]`,
  )
  expect(rolled).toEqual([12, true])

  // Import: the last of the imported states becomes the store's, and the history is shown.
  const imported = await inPage(
    page,
    `const lifted = { computedStates: [{ state: { cart: { items: [], total: 0 } } }, { state: { cart: { items: ['kiwi'], total: 7 }, seen: { $set: ['x'] } } }] }
     const changed = new Promise((resolve) => store.subscribe(resolve))
     const before = monitor.sent.length
     monitor.emit({ type: 'DISPATCH', payload: { type: 'IMPORT_STATE', nextLiftedState: lifted } })
     await changed
     await new Promise((resolve) => setTimeout(resolve, 0))
     return [store.get(['cart']), store.get('seen') instanceof Set, monitor.sent.slice(before).map((s) => s.action)]`,
  )
  expect(imported).toEqual([{ items: ['kiwi'], total: 7 }, true, [null]])

  // Reset: back to the state the store was created with.
  const reset = await inPage(
    page,
    `const changed = new Promise((resolve) => store.subscribe(resolve))
     monitor.emit({ type: 'DISPATCH', payload: { type: 'RESET' } })
     await changed
     return [store.state.cart, store.get('seen').get('home').getTime()]`,
  )
  expect(reset).toEqual([{ items: [], total: 0 }, 0])

  // Disconnect: nothing more is sent, and the monitor's messages are no longer heard.
  const after = await inPage(
    page,
    `const before = monitor.sent.length
     window.__devtools.disconnect()
     await store.increment(['cart', 'total'])
     return [monitor.sent.length - before, monitor.listeners.size]`,
  )
  expect(after).toEqual([0, 0])
  expect(errors).toEqual([])
  await page.close()
})
