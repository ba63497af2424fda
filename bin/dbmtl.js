#!/usr/bin/env node
// The `dbmtl` command: registers tsx so Node runs the TypeScript sources directly, then
// starts src/cli/main.ts. No build step is needed after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { runFromProcess } = await import('../src/cli/main.ts');
await runFromProcess();
