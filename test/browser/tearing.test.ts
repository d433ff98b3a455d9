// The community's tearing suite (will-this-react-global-state-work-in-concurrent-rendering), ported:
// its scenarios and its ten checks, in headless Chromium, with React's production build. The
// default mode passes the eight that every useSyncExternalStore library passes; the concurrent
// mode passes all ten. Checks assert outcomes on screen, never how long anything took.

import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { pageErrors, pageSite } from './harness'

const COMPONENTS = 51 // fifty counters and the main count
const REPEAT = 5

const site = pageSite(new URL('./fixtures/tearing-page.tsx', import.meta.url).pathname, { root: true, production: true })

interface Record {
  counts: number[]
  pending: boolean
  local: number
}

type Mode = 'default' | 'concurrent'

async function open(mode: Mode): Promise<{ page: Page; errors: string[] }> {
  const page = await site.browser.newPage()
  const errors = pageErrors(page)
  await page.goto(`${site.url}?mode=${mode}`)
  await page.waitForFunction(() => (window as { __ready?: boolean }).__ready === true)
  await page.waitForSelector('#mainCount')
  return { page, errors }
}

const sleep = (page: Page, ms: number) => page.waitForTimeout(ms)

/** Whether every count on screen (all of them mounted) reads `text`, within `timeout`. */
async function allShow(page: Page, text: string | null, timeout = 15_000): Promise<boolean> {
  try {
    await page.waitForFunction(
      ([expected, total]) => {
        const counts = [...document.querySelectorAll('.count')].map((element) => element.textContent)
        return counts.length === total && counts.every((count) => count === (expected ?? counts[0]))
      },
      [text, COMPONENTS] as const,
      { timeout, polling: 50 },
    )
    return true
  } catch {
    return false
  }
}

const teared = (page: Page) => page.evaluate(() => (window as { __teared?: boolean }).__teared === true)
const records = (page: Page) => page.evaluate(() => (window as unknown as { __records: Record[] }).__records)

/** Updates while the counters are shown: transition increments, or plain ones for deferred counters. */
async function updateScenario(page: Page, show: string, update: string) {
  await page.click(show)
  const zero = await allShow(page, '0')
  for (let loop = 0; loop < REPEAT; loop += 1) {
    await page.click(update)
    await sleep(page, 100)
  }
  const finallyConsistent = zero && (await allShow(page, String(REPEAT)))
  return { finallyConsistent, temporarilyConsistent: finallyConsistent && !(await teared(page)) }
}

/** Counters mount in a transition while the count goes up every 50 ms. */
async function mountScenario(page: Page, show: string) {
  await page.click('#startAutoIncrement')
  await sleep(page, 100)
  await page.click(show)
  await sleep(page, 1000)
  await page.click('#stopAutoIncrement')
  await sleep(page, 2000)
  const finallyConsistent = await allShow(page, null)
  return { finallyConsistent, temporarilyConsistent: finallyConsistent && !(await teared(page)) }
}

/** A transition is under way when an urgent update comes: does the urgent one commit first? */
async function interruptScenario(page: Page): Promise<boolean> {
  await page.click('#transitionShowCounter')
  if (!(await allShow(page, '0'))) return false
  await page.click('#transitionIncrement')
  await page.click('#localIncrement')
  if (!(await allShow(page, '1'))) return false
  // The local update committed while the transition was pending, the counters still at 0.
  return (await records(page)).some((record) => record.local === 1 && record.pending && record.counts.every((count) => count === 0))
}

/** Two transitions pending, then an urgent update: it lands on the committed state, then they do. */
async function branchScenario(page: Page): Promise<boolean> {
  await page.click('#transitionShowCounter')
  await page.click('#transitionIncrement')
  if (!(await allShow(page, '1'))) return false
  await page.click('#transitionIncrement')
  await sleep(page, 100)
  await page.click('#transitionIncrement')
  try {
    await page.waitForFunction(() => document.querySelector('#pending')?.textContent === 'Pending...', undefined, { timeout: 2000, polling: 20 })
  } catch {
    return false
  }
  const shown = await page.evaluate(() => [document.querySelector('#mainCount')?.textContent, document.querySelector('.count')?.textContent])
  if (shown[0] !== '1' || shown[1] !== '1') return false
  const before = (await records(page)).length
  await page.click('#normalAddTen')
  if (!(await allShow(page, '13'))) return false
  const later = (await records(page)).slice(before)
  // First the urgent update on the committed 1 (11 everywhere), then the transitions on top (13).
  const urgent = later.findIndex((record) => record.counts.length === COMPONENTS && record.counts.every((count) => count === 11))
  return urgent !== -1 && later.slice(urgent).some((record) => record.counts.every((count) => count === 13))
}

/** Runs `scenario` on a fresh page; the page must log no error. */
async function run<R>(mode: Mode, scenario: (page: Page) => Promise<R>): Promise<R> {
  const { page, errors } = await open(mode)
  try {
    const result = await scenario(page)
    expect(errors).toEqual([])
    return result
  } finally {
    await page.close()
  }
}

const expected: { [M in Mode]: { interrupt: boolean; branch: boolean } } = {
  default: { interrupt: false, branch: false },
  concurrent: { interrupt: true, branch: true },
}

describe.each(['default', 'concurrent'] as const)('the tearing suite, %s mode', (mode) => {
  describe('with useTransition', () => {
    test('levels 1 and 2: no tearing, finally or temporarily, on update', async () => {
      const result = await run(mode, (page) => updateScenario(page, '#transitionShowCounter', '#transitionIncrement'))
      expect(result).toEqual({ finallyConsistent: true, temporarilyConsistent: true })
    })

    test('levels 1 and 2: no tearing, finally or temporarily, on mount', async () => {
      const result = await run(mode, (page) => mountScenario(page, '#transitionShowCounter'))
      expect(result).toEqual({ finallyConsistent: true, temporarilyConsistent: true })
    })

    test(`level 3: can interrupt render (time slicing): ${mode === 'concurrent' ? 'yes' : 'no, as with every useSyncExternalStore library'}`, async () => {
      expect(await run(mode, interruptScenario)).toBe(expected[mode].interrupt)
    })

    test(`level 3: can branch state (wip state): ${mode === 'concurrent' ? 'yes' : 'no, as with every useSyncExternalStore library'}`, async () => {
      expect(await run(mode, branchScenario)).toBe(expected[mode].branch)
    })
  })

  describe('with useDeferredValue', () => {
    test('levels 1 and 2: no tearing, finally or temporarily, on update', async () => {
      const result = await run(mode, (page) => updateScenario(page, '#transitionShowDeferred', '#normalIncrement'))
      expect(result).toEqual({ finallyConsistent: true, temporarilyConsistent: true })
    })

    test('levels 1 and 2: no tearing, finally or temporarily, on mount', async () => {
      const result = await run(mode, (page) => mountScenario(page, '#transitionShowDeferred'))
      expect(result).toEqual({ finallyConsistent: true, temporarilyConsistent: true })
    })
  })
})
