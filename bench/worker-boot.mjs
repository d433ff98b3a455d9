// Starts a TypeScript worker script (workerData.script) under tsx, so the benchmark runs the sources.
import { workerData } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

await tsImport(workerData.script, import.meta.url)
