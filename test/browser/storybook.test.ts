// The Storybook demos in headless Chromium: build Storybook statically, open every story and docs
// page from the built index, require no page or console error, drive the interactive demos with
// clicks and check their results, and take a screenshot of each story. `npm run screenshots` saves
// them under docs/screenshots/ for the README; other runs keep them in a temporary folder.

import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildStorybook, launch, pageErrors, removeDir, serve } from './harness'

type Entry = { id: string; title: string; name: string; type: 'story' | 'docs' }

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? new URL('../../docs/screenshots/', import.meta.url).pathname
  : mkdtempSync(join(tmpdir(), 'ads-screenshots-'))
const VIEWPORT = { width: 1000, height: 700 }
const ID = {
  counter: 'demos-counter--counter',
  nested: 'demos-nested-editor--nested-editor',
  race: 'demos-async-race--async-race',
  worker: 'demos-web-worker-bridge--web-worker-bridge',
  fanOut: 'demos-fan-out--fan-out',
  transactions: 'demos-transactions--transactions',
  undo: 'demos-undo-and-redo--undo-and-redo',
  twoDevices: 'demos-two-devices--two-devices',
  tabs: 'demos-tabs--tabs',
}

let dir: string
let server: Awaited<ReturnType<typeof serve>>
let browser: Browser
let entries: Entry[]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ads-storybook-'))
  await buildStorybook(dir)
  entries = Object.values(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).entries as Record<string, Entry>)
  server = await serve(dir)
  browser = await launch()
  mkdirSync(SCREENSHOTS, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (dir) removeDir(dir)
  if (!process.env.UPDATE_SCREENSHOTS) removeDir(SCREENSHOTS)
})

/** Opens one story or docs page and records every page error and console error on it. */
async function open(id: string, viewMode: 'story' | 'docs' = 'story'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: VIEWPORT })
  const errors = pageErrors(page)
  await page.goto(`${server.url}iframe.html?id=${id}&viewMode=${viewMode}`)
  await page.locator('.demo').first().waitFor({ timeout: 30_000 })
  return { page, errors }
}

/** Where the screenshot of a story goes: its title's last part, as a file name. */
function screenshotPath(id: string): string {
  const entry = entries.find((e) => e.id === id)
  const slug = (entry?.title ?? id).split('/').pop()!.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  return join(SCREENSHOTS, `${slug}.png`)
}

/** Saves a picture of the demo itself, without the empty page around it. */
const screenshot = (id: string, page: Page) => page.locator('.demo').first().screenshot({ path: screenshotPath(id) })

async function finish(id: string, page: Page, errors: string[]) {
  await screenshot(id, page)
  expect(errors).toEqual([])
  await page.close()
}

const text = (page: Page, testId: string) => page.getByTestId(testId).innerText()
const number = async (page: Page, testId: string) => Number(await text(page, testId))
const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { timeout, interval: 50 })

test('the index opens on the introduction, then lists every demo, each with a docs page', () => {
  expect(entries[0]).toMatchObject({ id: 'introduction--docs', type: 'docs' })
  const stories = entries.filter((e) => e.type === 'story').map((e) => e.id)
  expect(stories.sort()).toEqual(Object.values(ID).sort())
  for (const id of stories) expect(entries.some((e) => e.type === 'docs' && e.id === id.replace(/--.*$/, '--docs'))).toBe(true)
})

test('the introduction links to every demo', async () => {
  const { page, errors } = await open('introduction--docs', 'docs')
  const links = await page.locator('.sbdocs-content a').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('href') ?? ''))
  const linked = links.map((href) => /path=\/story\/([\w-]+)/.exec(href)?.[1]).filter(Boolean)
  expect(linked.sort()).toEqual(Object.values(ID).sort())
  expect(errors).toEqual([])
  await page.close()
})

describe('every entry renders with no error', () => {
  test('stories', { timeout: 240_000 }, async () => {
    for (const entry of entries.filter((e) => e.type === 'story')) {
      const { page, errors } = await open(entry.id)
      await screenshot(entry.id, page)
      expect(errors, entry.id).toEqual([])
      await page.close()
    }
  })

  test('docs pages, with their descriptions', { timeout: 240_000 }, async () => {
    for (const entry of entries.filter((e) => e.type === 'docs')) {
      const { page, errors } = await open(entry.id, 'docs')
      const description = await page.locator('.sbdocs-content p').first().innerText()
      expect(description.length, entry.id).toBeGreaterThan(100)
      expect(errors, entry.id).toEqual([])
      await page.close()
    }
  })
})

test('Counter: increment, decrement, delete, init and a bound text field', async () => {
  const { page, errors } = await open(ID.counter)
  const button = (name: string) => page.getByRole('button', { name, exact: true })
  expect(await text(page, 'counter-value')).toBe('0')
  for (let i = 0; i < 3; i++) await button('increment').click()
  await poll(() => text(page, 'counter-value')).toBe('3')
  await button('decrement').click()
  await poll(() => text(page, 'counter-value')).toBe('2')

  const counterRenders = await text(page, 'counter-renders')
  await page.getByRole('textbox', { name: 'name' }).fill('Ada')
  await poll(() => text(page, 'greeting')).toBe('Hello, Ada!')
  expect(await text(page, 'counter-renders')).toBe(counterRenders)

  await button('delete').click()
  await poll(() => text(page, 'counter-value')).toBe('—')
  await button('init 10').click()
  await poll(() => text(page, 'counter-value')).toBe('10')
  await button('increment').click()
  await button('init 10').click()
  await poll(() => text(page, 'counter-said')).toBe('init kept 11: the path was set')
  expect(await text(page, 'counter-value')).toBe('11')
  await finish(ID.counter, page, errors)
})

test('Nested editor: an edit re-renders only the edited field', async () => {
  const { page, errors } = await open(ID.nested)
  const badges = () =>
    page.$$eval('[data-testid^="renders-"]', (nodes) => Object.fromEntries(nodes.map((n) => [n.getAttribute('data-testid')!, Number(n.textContent)])))

  const start = await badges()
  expect(Object.keys(start)).toHaveLength(9 + 2)
  await page.getByRole('textbox', { name: 'profile.name' }).fill('Grace Hopper')
  await poll(() => page.getByTestId('tree-json').innerText()).toContain('Grace Hopper')
  const afterName = await badges()
  expect(afterName['renders-profile.name']).toBe(start['renders-profile.name']! + 1)
  expect(afterName['renders-root']).toBe(start['renders-root']! + 1)
  expect(withoutKeys(afterName, 'renders-profile.name', 'renders-root')).toEqual(withoutKeys(start, 'renders-profile.name', 'renders-root'))

  // Turning push on changes the summary's selection; changing the digest does not.
  await page.getByRole('checkbox', { name: 'notifications.push.enabled' }).check()
  await poll(() => text(page, 'channels-on')).toBe('2')
  await page.getByRole('combobox', { name: 'notifications.email.digest' }).selectOption('weekly')
  await poll(() => page.getByTestId('tree-json').innerText()).toContain('weekly')
  const end = await badges()
  for (const field of ['renders-notifications.push.enabled', 'renders-notifications.email.digest']) expect(end[field]).toBe(afterName[field]! + 1)
  expect(end['renders-summary']).toBe(afterName['renders-summary']! + 1)
  expect(end['renders-root']).toBe(afterName['renders-root']! + 2)
  const still = ['renders-notifications.push.enabled', 'renders-notifications.email.digest', 'renders-summary', 'renders-root']
  expect(withoutKeys(end, ...still)).toEqual(withoutKeys(afterName, ...still))
  await finish(ID.nested, page, errors)
})

test('Async race: lost updates on the naive side only, exactly 100 with transactions', async () => {
  const { page, errors } = await open(ID.race)
  await page.getByTestId('run-naive').click()
  await page.getByTestId('run-transaction').click()
  await poll(() => text(page, 'status-naive'), 30_000).toBe('done')
  await poll(() => text(page, 'status-transaction'), 30_000).toBe('done')
  const naive = await number(page, 'value-naive')
  expect(naive).toBeGreaterThan(0)
  expect(naive).toBeLessThan(100)
  expect(await number(page, 'lost-naive')).toBe(100 - naive)
  expect(await number(page, 'value-transaction')).toBe(100)
  expect(await number(page, 'lost-transaction')).toBe(0)
  await finish(ID.race, page, errors)
})

test('Web worker bridge: the page and a worker write to one store and lose nothing', async () => {
  const { page, errors } = await open(ID.worker)
  await page.getByTestId('worker-start').click()
  await poll(() => text(page, 'worker-status'), 60_000).toMatch(/done|failed/)
  expect(await text(page, 'worker-status'), await text(page, 'worker-log')).toBe('done')
  expect(await number(page, 'worker-total')).toBe(500)
  expect(await number(page, 'worker-by-page')).toBe(250)
  expect(await number(page, 'worker-by-worker')).toBe(250)
  expect(await text(page, 'worker-verdict')).toContain('nothing was lost')
  const log = await page.getByTestId('worker-log').locator('li').allInnerTexts()
  expect(log[0]).toMatch(/^v\d+ connected: snapshot at version \d+/)
  expect(log.at(-1)).toMatch(/finished: byWorker 250$/)
  expect(log.length).toBe(2 + 250 / 25)

  // The contrast: the same race with copies of the state posted back and forth loses writes.
  await page.getByTestId('naive-start').click()
  await poll(() => text(page, 'naive-status'), 60_000).toBe('done')
  expect(await number(page, 'naive-total')).toBeLessThan(500)
  expect(await text(page, 'naive-verdict')).toContain('writes were lost')
  expect(await page.getByTestId('naive-verdict').getAttribute('class')).toBe('bad')
  await finish(ID.worker, page, errors)
})

test('Fan-out: one commit per update, and only the changed cells render', async () => {
  const { page, errors } = await open(ID.fanOut)
  expect(await page.locator('.cell').count()).toBe(100 * 100)
  await page.getByTestId('fanout-update').click()
  await poll(() => text(page, 'fanout-changed')).toBe('100')
  expect(await number(page, 'fanout-rendered')).toBe(100)
  expect(await number(page, 'fanout-version')).toBe(1)
  // The cells the update changed are the ones ringed; the first timing says it includes warm-up.
  expect(await page.locator('.cell[data-gen="1"]').count()).toBe(100)
  expect(await text(page, 'fanout-last')).toContain('warm-up')
  expect(await page.getByTestId('fanout-legend').locator('.swatch').count()).toBe(8 + 1)
  await page.getByRole('combobox', { name: 'cells per update' }).selectOption('1000')
  await page.getByTestId('fanout-update').click()
  await poll(() => text(page, 'fanout-changed')).toBe('1000')
  expect(await number(page, 'fanout-rendered')).toBe(1000)
  expect(await number(page, 'fanout-version')).toBe(2)
  expect(await page.locator('.cell[data-gen="2"]').count()).toBe(1000)
  expect(await page.locator('.cell[data-gen="1"]').count()).toBeLessThanOrEqual(100)
  expect(await text(page, 'fanout-median')).toMatch(/^\d+\.\d ms$/)
  expect(await text(page, 'fanout-last')).not.toContain('warm-up')
  expect(await page.locator('.demo').innerText()).toContain('median of 2 updates')
  await finish(ID.fanOut, page, errors)
})

test('Transactions: without a transaction a failure loses money; inside one it rolls back', async () => {
  const { page, errors } = await open(ID.transactions)
  const balances = async () => [await number(page, 'balance-alice'), await number(page, 'balance-bob'), await number(page, 'bank-total')]
  const outcome = () => page.getByTestId('transfer-outcome').getAttribute('data-kind')
  const failHalfway = page.getByRole('checkbox', { name: 'fail halfway' })
  expect(await failHalfway.isChecked()).toBe(true)

  await page.getByTestId('transfer-plain').click()
  await poll(outcome).toBe('broken')
  expect(await balances()).toEqual([70, 50, 120])
  expect(await page.getByTestId('transfer-outcome').getAttribute('class')).toBe('bad')

  await page.getByRole('button', { name: 'Reset' }).click()
  expect(await balances()).toEqual([100, 50, 150])
  await failHalfway.uncheck()
  await page.getByTestId('transfer-transaction').click()
  await poll(outcome).toBe('ok')
  expect(await balances()).toEqual([70, 80, 150])

  // While the transaction is in flight its debit lives in a draft, so the store still shows 70.
  await failHalfway.check()
  await page.getByTestId('transfer-transaction').click()
  await page.getByTestId('transfer-steps').getByText('debited Alice 30 in the draft').waitFor()
  expect(await balances()).toEqual([70, 80, 150])
  await poll(outcome).toBe('rolled back')
  expect(await balances()).toEqual([70, 80, 150])
  expect(await text(page, 'transfer-outcome')).toContain('nothing was committed (version still 1)')
  // The rollback is the point of the demo: it is shown as a success, not in the failure's red.
  expect(await page.getByTestId('transfer-outcome').getAttribute('class')).toBe('good')
  await finish(ID.transactions, page, errors)
})

test('Undo and redo: buttons and shortcuts step through the todos; typing is not a step; the timeline names each commit', async () => {
  const { page, errors } = await open(ID.undo)
  const button = (name: string) => page.getByRole('button', { name, exact: true })
  const todos = () => page.getByTestId('todos').locator('li span').allInnerTexts()
  const ticked = (title: string) => page.getByRole('checkbox', { name: `done: ${title}` }).isChecked()
  await button('undo').waitFor()
  expect(await button('undo').isDisabled()).toBe(true)

  await page.getByRole('textbox', { name: 'new todo' }).fill('Call Ada')
  await button('add').click()
  await poll(todos).toEqual(['Buy milk', 'Write the report', 'Call Ada'])
  await page.getByRole('checkbox', { name: 'done: Buy milk' }).check()
  await button('delete: Write the report').click()
  await poll(todos).toEqual(['Buy milk', 'Call Ada'])

  await button('undo').click()
  await poll(todos).toEqual(['Buy milk', 'Write the report', 'Call Ada'])
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Control+z')
  await poll(() => ticked('Buy milk')).toBe(false)
  await page.keyboard.press('Control+z')
  await poll(todos).toEqual(['Buy milk', 'Write the report'])
  expect(await button('undo').isDisabled()).toBe(true)
  // The typed text is outside the history's path: undo did not bring it back.
  expect(await page.getByRole('textbox', { name: 'new todo' }).inputValue()).toBe('')

  await page.keyboard.press('Control+Shift+z')
  await poll(todos).toEqual(['Buy milk', 'Write the report', 'Call Ada'])
  await button('redo').click()
  await poll(() => ticked('Buy milk')).toBe(true)

  const timeline = await page.getByTestId('timeline').locator('li').allInnerTexts()
  expect(timeline).toEqual(['@@INIT', 'add todo', 'set todos.0.done', 'delete todos.1', 'undo', 'undo', 'undo', 'redo', 'redo'])
  await finish(ID.undo, page, errors)
})

function withoutKeys(record: Record<string, number>, ...keys: string[]): Record<string, number> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)))
}

test('Two devices: offline increments and appends all land with bindYjs; plain last-writer-wins loses increments', async () => {
  const { page, errors } = await open(ID.twoDevices)
  const click = (name: string) => page.getByRole('button', { name, exact: true }).click()
  const online = (device: string) => page.getByRole('checkbox', { name: `${device} online` })
  const apart = async () => {
    await online('A').uncheck()
    await online('B').uncheck()
    for (let i = 0; i < 3; i++) await click('increment on A')
    for (let i = 0; i < 2; i++) await click('increment on B')
    await click('append on A')
    await click('append on B')
    await poll(() => text(page, 'a-counter')).toBe('3')
    await poll(() => text(page, 'b-counter')).toBe('2')
    await online('A').check()
    await online('B').check()
  }

  await apart()
  await poll(() => text(page, 'a-counter')).toBe('5')
  await poll(() => text(page, 'b-counter')).toBe('5')
  expect(await text(page, 'lost')).toBe('0')
  expect((await text(page, 'a-list')).split(' ').sort()).toEqual(['A1', 'B1'])
  expect(await text(page, 'b-list')).toBe(await text(page, 'a-list'))

  await page.getByRole('combobox', { name: 'binding' }).selectOption('lww')
  await poll(() => text(page, 'made')).toBe('0')
  await poll(() => text(page, 'a-counter')).toBe('0')
  await apart()
  await poll(() => text(page, 'lost')).not.toBe('…')
  expect(await text(page, 'b-counter')).toBe(await text(page, 'a-counter'))
  expect(['2', '3']).toContain(await text(page, 'a-counter'))
  expect(Number(await text(page, 'lost'))).toBeGreaterThanOrEqual(2)
  expect((await text(page, 'a-list')).split(' ')).toHaveLength(1)
  await finish(ID.twoDevices, page, errors)
})

test('Tabs: two iframes share one store; closing the leader hands over, reloading brings the state back', { timeout: 120_000 }, async () => {
  const { page, errors } = await open(ID.tabs)
  const tab = (name: string) => page.frameLocator(`iframe[data-tab=${name}]`)
  const roles = async () => [await tab('A').getByTestId('tab-role').innerText(), await tab('B').getByTestId('tab-role').innerText()].sort()
  await poll(roles, 30_000).toEqual(['follower', 'leader'])
  for (const name of ['A', 'B']) {
    for (let i = 0; i < 3; i++) await tab(name).getByTestId('tab-increment').click()
    await tab(name).getByTestId('tab-append').click()
  }
  await tab('B').getByTestId('tab-transaction').click()
  for (const name of ['A', 'B']) await poll(() => tab(name).getByTestId('tab-counter').innerText()).toBe('16')
  await poll(() => tab('A').getByTestId('tab-items').innerText()).toMatch(/^[AB]\d [AB]\d$/)

  const leader = (await tab('A').getByTestId('tab-role').innerText()) === 'leader' ? 'A' : 'B'
  const other = leader === 'A' ? 'B' : 'A'
  await page.getByTestId('tabs-close-leader').click()
  await page.getByTestId(`tabs-closed-${leader}`).waitFor()
  await poll(() => tab(other).getByTestId('tab-role').innerText(), 30_000).toBe('leader')
  expect(await tab(other).getByTestId('tab-counter').innerText()).toBe('16')
  await tab(other).getByTestId('tab-increment').click()
  await poll(() => tab(other).getByTestId('tab-counter').innerText()).toBe('17')

  await page.waitForTimeout(400)
  await page.getByTestId('tabs-reload').click()
  await poll(roles, 30_000).toEqual(['follower', 'leader'])
  for (const name of ['A', 'B']) await poll(() => tab(name).getByTestId('tab-counter').innerText()).toBe('17')
  expect((await tab('A').getByTestId('tab-items').innerText()).split(' ').length).toBe(2)
  await finish(ID.tabs, page, errors)
})
