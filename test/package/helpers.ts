// Running things inside the installed project, as a user's own scripts and tools would.

import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { inject } from 'vitest'

const exec = promisify(execFile)

export const ROOT = join(import.meta.dirname, '..', '..')

/** The folder of the project that installed the tarball. */
export const projectDir = (): string => inject('project')

/** The installed package's own folder. */
export const installedDir = (): string => join(projectDir(), 'node_modules', 'atomic-datastore')

export interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `file` with `args` in the project and reports how it ended; it never throws for an exit code. */
export async function run(file: string, args: readonly string[], cwd = projectDir(), env: Record<string, string> = {}): Promise<Ran> {
  try {
    const options = { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 90_000 }
    const { stdout, stderr } = await exec(file, args, options)
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string; message: string }
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? failed.message }
  }
}

/** Runs `source` with Node in the project, as an ES module or as CommonJS, and parses its last line as JSON. */
export async function runNode(source: string, type: 'module' | 'commonjs'): Promise<unknown> {
  const result = await run(process.execPath, [`--input-type=${type}`, '-e', source])
  if (result.code !== 0) throw new Error(`node (${type}) exited with ${result.code}:\n${result.stderr}`)
  const lines = result.stdout.trim().split('\n')
  return JSON.parse(lines[lines.length - 1]!)
}
