// Global setup of the `package` tests: build the package into a folder of its own, pack it with
// `npm pack`, and install the tarball into a fresh project, as a user would. The tests get the
// project's folder through `inject('project')`.

import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { TestProject } from 'vitest/node'

const exec = promisify(execFile)
const ROOT = join(import.meta.dirname, '..', '..')

declare module 'vitest' {
  export interface ProvidedContext {
    /** A project with the packed package and its peers installed. */
    project: string
    /** The tarball `npm pack` made. */
    tarball: string
  }
}

const versionOf = (name: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

/** Copies what `files` publishes, then builds `dist` there with the repository's tsup config. */
async function stage(dir: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }
  mkdirSync(dir, { recursive: true })
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'))
  for (const entry of manifest.files)
    if (entry !== 'dist' && existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true })
  await exec(join(ROOT, 'node_modules', '.bin', 'tsup'), ['--out-dir', join(dir, 'dist'), '--silent'], { cwd: ROOT })
}

async function pack(dir: string, destination: string): Promise<string> {
  const { stdout } = await exec('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: dir })
  const [result] = JSON.parse(stdout) as { filename: string }[]
  return join(destination, result!.filename)
}

async function install(project: string, tarball: string): Promise<void> {
  mkdirSync(project, { recursive: true })
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2))
  const peers = ['react', 'react-dom', '@types/react', '@types/react-dom', 'yjs'].map((name) => `${name}@${versionOf(name)}`)
  await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball, ...peers], {
    cwd: project,
    maxBuffer: 16 * 1024 * 1024,
  })
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'ads-package-'))
  try {
    await stage(join(dir, 'package'))
    const tarball = await pack(join(dir, 'package'), dir)
    await install(join(dir, 'app'), tarball)
    project.provide('project', join(dir, 'app'))
    project.provide('tarball', tarball)
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return () => {
    if (!process.env.KEEP_PACKAGE_PROJECT) rmSync(dir, { recursive: true, force: true })
  }
}
