// What every demo shares: the stylesheet, a centered layout and a docs page per demo.

import type { Preview } from '@storybook/react-vite'
import '../stories/demo.css'

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { disable: true },
    actions: { disable: true },
    options: { storySort: { order: ['Introduction', 'Demos'] } },
  },
}

export default preview
