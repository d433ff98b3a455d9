// Files as a storage, for Node: one file per key. A write goes to a temporary file that is then
// renamed over the old one, so a crash leaves either the old text or the new, never half of one.

import type { PersistStorage } from './storage'

type Fs = typeof import('node:fs/promises')

/** Loaded on first use, by a name bundlers leave alone: browser bundles never see `node:fs`. */
let fs: Promise<Fs> | undefined
const FS = 'node:fs/promises'
const loadFs = () => (fs ??= import(/* @vite-ignore */ FS) as Promise<Fs>)

/**
 * Keeps each key in a file under `dir` (created if missing), written whole by rename.
 *
 * @example
 * const saved = persist(store, { key: 'app', storage: fileStorage('./data') })
 */
export function fileStorage(dir: string): PersistStorage {
  const base = dir.replace(/[\\/]+$/, '')
  const fileOf = (key: string) => `${base}/${encodeURIComponent(key)}.json`
  let made: Promise<unknown> | undefined
  let count = 0
  return {
    async get(key) {
      const { readFile } = await loadFs()
      try {
        return await readFile(fileOf(key), 'utf8')
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return undefined
        throw error
      }
    },
    async set(key, text) {
      const { mkdir, rename, rm, writeFile } = await loadFs()
      made ??= mkdir(base, { recursive: true })
      await made
      const file = fileOf(key)
      const temporary = `${file}.${process.pid}.${++count}.tmp`
      try {
        await writeFile(temporary, text, 'utf8')
        await rename(temporary, file)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
    },
    async delete(key) {
      const { rm } = await loadFs()
      await rm(fileOf(key), { force: true })
    },
  }
}
