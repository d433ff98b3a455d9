// A jsdom document as the global DOM, for running React in Node. Import it before react-dom.

import { createRequire } from 'node:module'

interface JSDOMClass {
  new (html: string, options?: { pretendToBeVisual?: boolean }): { window: Window & typeof globalThis }
}

const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: JSDOMClass }
const { window } = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true })

const globals: Record<string, unknown> = {
  window,
  document: window.document,
  navigator: window.navigator,
  HTMLElement: window.HTMLElement,
  Node: window.Node,
  Element: window.Element,
  Event: window.Event,
  MutationObserver: window.MutationObserver,
  getComputedStyle: window.getComputedStyle.bind(window),
  requestAnimationFrame: window.requestAnimationFrame.bind(window),
  cancelAnimationFrame: window.cancelAnimationFrame.bind(window),
  IS_REACT_ACT_ENVIRONMENT: process.env['NODE_ENV'] !== 'production',
}
for (const [name, value] of Object.entries(globals))
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true })
