// `npm run bench`: runs every registered suite in this one process and prints a table of ratios.
// Pass words to run only the rows whose suite or name matches: `npm run bench -- fan-out`.
// Register another suite (React, worker) by adding a line to `suites`; each is loaded only when run.

import { runSuite, table, type Row, type Suite } from './harness'

const suites: Record<string, () => Promise<{ suite: Suite }>> = {
  core: () => import('./core.bench'),
  yjs: () => import('./yjs.bench'),
}

const args = process.argv.slice(2)
const filter = args.length > 0 ? new RegExp(args.map((arg) => arg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i') : undefined

const rows: Row[] = []
for (const [name, load] of Object.entries(suites)) {
  const { suite } = await load()
  console.log(`${name}:`)
  rows.push(...runSuite(suite, filter))
}

console.log(`\nNode ${process.version}, ${process.arch}, ${new Date().toISOString().slice(0, 10)}. ratio = peer time / our time (above 1: we are faster).\n`)
console.log(table(rows))
if (rows.some((row) => row.goal !== undefined && row.ratio < row.goal)) process.exitCode = 1
