// Every TypeScript block of the README compiles under the project's strict settings and runs.
// ```ts and ```tsx blocks are type-checked, then bundled and run in Node; a block marked ```ts no-run
// (or ```tsx no-run) needs a browser, a server or a worker and is only type-checked; other blocks
// (```sh, ```text) are not code. 'atomic-datastore' and its subpaths resolve to src/.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, type Plugin } from 'esbuild'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const ROOT = new URL('../../', import.meta.url).pathname
const OUT = join(ROOT, '.tmp', 'readme')

export interface Block {
  readonly line: number
  readonly lang: 'ts' | 'tsx'
  readonly run: boolean
  readonly code: string
}

/** The ```ts and ```tsx blocks of a markdown text, with the line each starts on. */
export function extractBlocks(markdown: string): Block[] {
  const blocks: Block[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)(.*)$/.exec(lines[i]!)
    if (!open) continue
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'))
    const [lang, flags] = [open[1]!, open[2]!.trim().split(/\s+/)]
    if (lang === 'ts' || lang === 'tsx') blocks.push({ line: i + 1, lang, run: !flags.includes('no-run'), code: lines.slice(i + 1, end).join('\n') })
    i = end
  }
  return blocks
}

const fileOf = (block: Block) => join(OUT, `line-${block.line}.${block.lang}`)

/** The entry points under src/ that 'atomic-datastore' and its subpaths name. */
function entryFor(specifier: string): string | undefined {
  const sub = specifier === 'atomic-datastore' ? 'index' : specifier.slice('atomic-datastore/'.length)
  const file = join(ROOT, 'src', `${sub}.ts`)
  return existsSync(file) ? file : undefined
}

const sourceEntries: Plugin = {
  name: 'atomic-datastore-from-src',
  setup(builder) {
    builder.onResolve({ filter: /^atomic-datastore(\/.*)?$/ }, (args) => {
      const path = entryFor(args.path)
      return path ? { path } : { errors: [{ text: `${args.path} has no entry point in src/ yet` }] }
    })
  },
}

const blocks = extractBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'))
const diagnostics = new Map<string, string[]>()

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true })
  mkdirSync(OUT, { recursive: true })
  // A block without imports is a script to TypeScript; `export {}` makes it a module, as it would be.
  for (const block of blocks) writeFileSync(fileOf(block), `${block.code}\nexport {}\n`)
  const base = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!
  const options: ts.CompilerOptions = {
    ...base.options,
    noEmit: true,
    // Absolute targets and no baseUrl: with a baseUrl, 'react' would resolve to the ./react folder.
    paths: { 'atomic-datastore': [join(ROOT, 'src/index.ts')], 'atomic-datastore/*': [join(ROOT, 'src/*.ts')] },
  }
  const program = ts.createProgram(blocks.map(fileOf), options)
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? ''
    if (!file.startsWith(OUT)) continue
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    const missing = /Cannot find module '(atomic-datastore[^']*)'/.exec(text)
    const message = missing ? `imports ${missing[1]}, which has no entry point in src/ yet` : text
    diagnostics.set(file, [...(diagnostics.get(file) ?? []), `line ${line + 1} of the block: ${message}`])
  }
}, 120_000)

afterAll(() => rmSync(OUT, { recursive: true, force: true }))

describe('the README', () => {
  test('has TypeScript blocks to check, and each is marked ts, tsx or no-run', () => {
    expect(blocks.length).toBeGreaterThan(10)
    expect(extractBlocks('```ts no-run\nlet a = 1\n```\n```text\nx\n```\n```tsx\nlet b = 2\n```')).toEqual([
      { line: 1, lang: 'ts', run: false, code: 'let a = 1' },
      { line: 7, lang: 'tsx', run: true, code: 'let b = 2' },
    ])
  })

  test.each(blocks.map((block) => [`${block.lang}${block.run ? '' : ' no-run'} block at line ${block.line}`, block] as const))(
    '%s compiles under strict and runs',
    async (_, block) => {
      expect(diagnostics.get(fileOf(block)) ?? []).toEqual([])
      if (!block.run) return
      const outfile = fileOf(block).replace(/\.tsx?$/, '.mjs')
      await build({
        entryPoints: [fileOf(block)],
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        outfile,
        jsx: 'automatic',
        packages: 'external',
        plugins: [sourceEntries],
        logLevel: 'silent',
      })
      const result = spawnSync(process.execPath, [outfile], { cwd: OUT, encoding: 'utf8', timeout: 30_000 })
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' })
    },
  )
})
