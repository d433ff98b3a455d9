// Runs before every React test file: unmount what a test rendered once it ends.

import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

afterEach(() => cleanup())
