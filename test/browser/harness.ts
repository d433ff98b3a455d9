// Browser test plumbing: bundle entry files with esbuild or build Storybook, serve a folder on
// 127.0.0.1, and drive Debian's headless Chromium with playwright-core.

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { basename, extname, join, normalize } from 'node:path'
import { build } from 'esbuild'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
}

/**
 * Bundles `entries` (name → file) as ES modules into a fresh temporary folder. With `production`,
 * React and the package are built as an app ships them (`NODE_ENV=production`, minified).
 */
export async function bundle(entries: Record<string, string>, html: string, options: { production?: boolean | undefined } = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ads-browser-'))
  await build({
    entryPoints: entries,
    bundle: true,
    format: 'esm',
    outdir: dir,
    target: 'es2022',
    logLevel: 'silent',
    jsx: 'automatic',
    ...(options.production ? { define: { 'process.env.NODE_ENV': '"production"' }, minify: true } : {}),
  })
  const { writeFileSync } = await import('node:fs')
  writeFileSync(join(dir, 'index.html'), html)
  return dir
}

/** Runs `npm run build-storybook` into `outDir`, with telemetry off; rejects with the build's output. */
export function buildStorybook(outDir: string): Promise<void> {
  const root = new URL('../../', import.meta.url).pathname
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build-storybook', '--', '--output-dir', outDir], {
      cwd: root,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`build-storybook exited with ${code}:\n${output.slice(-4000)}`))))
  })
}

/** Serves `root` on 127.0.0.1 at a free port. */
export async function serve(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path)
    try {
      const body = readFileSync(file)
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      response.end(body)
    } catch {
      response.writeHead(404)
      response.end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Starts headless Chromium with the flags this machine needs. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true })

/** Records every page error, console error and failed response of `page` (the browser's own favicon request aside). */
export function pageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(`console error: ${message.text()}`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) errors.push(`HTTP ${response.status()}: ${response.url()}`)
  })
  return errors
}

/** A bundled page served on 127.0.0.1, with the Chromium that opens it. */
export interface PageSite {
  readonly url: string
  readonly browser: Browser
}

/**
 * For one test file: before its tests, bundles the page `script` (plus `workers`, name → file)
 * under an HTML page that loads it, serves it and launches Chromium; after them, stops all three.
 * `root` adds a `<div id="root">` for React pages; `production` builds as an app ships.
 */
export function pageSite(script: string, options: { workers?: Record<string, string>; root?: boolean; production?: boolean } = {}): PageSite {
  const name = basename(script).replace(/\.tsx?$/, '')
  let dir: string | undefined
  let server: Awaited<ReturnType<typeof serve>> | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    const html = `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>${options.root ? '<div id="root"></div>' : ''}<script type="module" src="./${name}.js"></script></body></html>`
    dir = await bundle({ [name]: script, ...options.workers }, html, { production: options.production })
    server = await serve(dir)
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dir) removeDir(dir)
  })
  return {
    get url() {
      return server!.url
    },
    get browser() {
      return browser!
    },
  }
}
