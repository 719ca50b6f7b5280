import { runContract } from './contract.js';
import { createTestPlatformSurface, TEST_PLATFORM_SURFACE } from './drivers/test-platform.js';

// The whole bank runs here (case 9): every scenario of scenarios/ reaches the learner on at least one surface per run.
runContract({ name: 'test-platform', create: () => createTestPlatformSurface({ bank: true }), ...TEST_PLATFORM_SURFACE });
