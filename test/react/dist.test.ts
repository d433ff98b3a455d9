// @vitest-environment node
// The built react entry shares the core's chunk instead of bundling a copy: a DatastoreError thrown by
// the hook is an instance of the one `atomic-datastore` exports, in ESM and in CJS.

import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build, type Options } from 'tsup'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import config from '../../tsup.config'

const ROOT = join(import.meta.dirname, '..', '..')
const exec = promisify(execFile)
let out = ''

beforeAll(async () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true })
  // Inside the repository, so that the build finds react in node_modules like an installed package would.
  out = mkdtempSync(join(ROOT, '.tmp', 'react-dist-'))
  // Declarations are left out: they do not change what runs, and they would take most of the time.
  await build({ ...(config as Options), outDir: out, silent: true, config: false, dts: false })
})

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true })
})

/** Runs `source` in a fresh Node process (ESM or CJS), with the built folder in `OUT`, and parses what it prints. */
async function runNode(source: string, type: 'module' | 'commonjs'): Promise<Record<string, unknown>> {
  const { stdout } = await exec(process.execPath, [`--input-type=${type}`, '-e', source], { cwd: ROOT, env: { ...process.env, OUT: out } })
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>
}

/** Renders through the built hook: once with no store (it must throw), once under a provider. */
const probe = (load: string) => `
${load}
const { createElement: h } = React
const result = {}
try {
  Server.renderToString(h(() => reactEntry.useDatastore('x')))
} catch (error) {
  result.instance = error instanceof core.DatastoreError
  result.code = error.code
}
const store = core.createDatastore({ x: 41 })
result.html = Server.renderToString(h(reactEntry.DatastoreProvider, { store }, h(() => reactEntry.useDatastore('x') + 1)))
console.log(JSON.stringify(result))
`

const importedChunks = (source: string) => [...source.matchAll(/(?:from |require\()['"]\.\/(chunk-[\w-]+\.c?js)['"]/g)].map((m) => m[1])

describe('the built react entry', () => {
  test('package.json exports ./react for import and require, and every script it names is built', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, Record<string, Record<string, string>>>
      peerDependencies: Record<string, string>
    }
    const entry = manifest.exports['./react']!
    const files = [entry['import']!['types'], entry['import']!['default'], entry['require']!['types'], entry['require']!['default']]
    expect(files).toEqual(['./dist/react.d.ts', './dist/react.js', './dist/react.d.cts', './dist/react.cjs'])
    for (const file of [files[1]!, files[3]!]) expect(existsSync(join(out, file.replace('./dist/', '')))).toBe(true)
    expect(manifest.peerDependencies['react']).toBe('>=18')
  })

  test.each(['react.js', 'react.cjs'])('%s imports the shared chunk and holds no store or error class of its own', (file) => {
    const source = readFileSync(join(out, file), 'utf8')
    const index = readFileSync(join(out, file.replace('react', 'index')), 'utf8')
    expect(source).not.toMatch(/class\s+Datastore|extends Error|immer/)
    const shared = importedChunks(source)
    expect(shared.length).toBeGreaterThan(0)
    expect(shared.every((chunk) => importedChunks(index).includes(chunk))).toBe(true)
  })

  test('ESM: the hook throws the DatastoreError that atomic-datastore exports', async () => {
    const result = await runNode(
      probe(`
import { pathToFileURL } from 'node:url'
import * as React from 'react'
import * as Server from 'react-dom/server'
const core = await import(pathToFileURL(process.env.OUT + '/index.js').href)
const reactEntry = await import(pathToFileURL(process.env.OUT + '/react.js').href)`),
      'module',
    )
    expect(result).toEqual({ instance: true, code: 'NO_STORE', html: '42' })
  })

  test('CJS: the hook throws the DatastoreError that atomic-datastore exports', async () => {
    const result = await runNode(
      probe(`
const React = require('react')
const Server = require('react-dom/server')
const core = require(process.env.OUT + '/index.cjs')
const reactEntry = require(process.env.OUT + '/react.cjs')`),
      'commonjs',
    )
    expect(result).toEqual({ instance: true, code: 'NO_STORE', html: '42' })
  })
})
