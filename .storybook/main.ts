// Storybook's build: the demos in stories/, rendered with React through Vite, with no telemetry.

import react from '@vitejs/plugin-react'
import type { StorybookConfig } from '@storybook/react-vite'
import { mergeConfig } from 'vite'

const config: StorybookConfig = {
  stories: ['../stories/Introduction.mdx', '../stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: { reactDocgen: false },
  viteFinal: (vite) =>
    mergeConfig(vite, {
      plugins: [react()],
      // The worker demo's module worker uses top-level await, which only ES module workers allow.
      worker: { format: 'es' },
      // Storybook's own preview bundle is larger than Vite's default warning limit.
      build: { chunkSizeWarningLimit: 1600 },
    }),
}

export default config
