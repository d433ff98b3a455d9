// A small React app that imports the installed package, bundled by Vite for production and run in
// headless Chromium: it renders, a click commits to the store, and the component follows.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launch, pageErrors, serve } from '../browser/harness'
import { projectDir, ROOT, run } from './helpers'

const HTML = `<!doctype html>
<html><head><link rel="icon" href="data:,"></head><body><div id="root"></div><script type="module" src="/main.jsx"></script></body></html>
`

const MAIN = `
import { createRoot } from 'react-dom/client'
import { createDatastore } from 'atomic-datastore'
import { DatastoreProvider, useDatastore } from 'atomic-datastore/react'

const store = createDatastore({ counter: { value: 1 }, log: [] })

function Counter() {
  const value = useDatastore(['counter', 'value'])
  const entries = useDatastore(store, 'log', (log) => log.length)
  const click = () => {
    void store.increment(['counter', 'value'])
    void store.append('log', 'clicked')
  }
  return <button id="counter" onClick={click}>{value}:{entries}</button>
}

createRoot(document.getElementById('root')).render(
  <DatastoreProvider store={store}>
    <Counter />
  </DatastoreProvider>,
)
`

const CONFIG = `export default { logLevel: 'warn', esbuild: { jsx: 'automatic' }, build: { outDir: 'dist', emptyOutDir: true } }
`

let app: string
let browser: Browser | undefined

beforeAll(async () => {
  const root = join(projectDir(), 'vite-app')
  mkdirSync(root, { recursive: true })
  writeFileSync(join(root, 'index.html'), HTML)
  writeFileSync(join(root, 'main.jsx'), MAIN)
  writeFileSync(join(root, 'vite.config.mjs'), CONFIG)
  app = join(root, 'dist')
  // `vite build` as a user runs it, with the repository's Vite and a production NODE_ENV.
  const result = await run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], root, { NODE_ENV: 'production' })
  if (result.code !== 0) throw new Error(`vite build failed:\n${result.stdout}${result.stderr}`)
})

afterAll(async () => {
  await browser?.close()
})

describe('a Vite app that uses the installed package', () => {
  test('bundles for production without the development warnings and error explanations, keeping the error codes', () => {
    const assets = readdirSync(join(app, 'assets')).filter((file) => file.endsWith('.js'))
    expect(assets.length).toBeGreaterThan(0)
    const code = assets.map((file) => readFileSync(join(app, 'assets', file), 'utf8')).join('\n')
    expect(code).toContain('NO_STORE')
    expect(code).not.toContain('useDatastore: no store found')
    expect(code).not.toContain('expected an existing value')
    expect(code).not.toContain('dots are not split')
  })

  test('runs in Chromium: renders, and re-renders after a click', async () => {
    const server = await serve(app)
    try {
      browser = await launch()
      const page = await browser.newPage()
      const errors = pageErrors(page)
      await page.goto(server.url)
      const button = page.locator('#counter')
      await button.waitFor()
      expect(await button.textContent()).toBe('1:0')
      await button.click()
      await page.waitForFunction(() => document.querySelector('#counter')?.textContent !== '1:0')
      expect(await button.textContent()).toBe('2:1')
      expect(errors).toEqual([])
    } finally {
      await server.close()
    }
  })
})
