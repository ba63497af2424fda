#!/usr/bin/env node
// `npm run bench`: registers tsx so Node runs the TypeScript bench directly (bench/run.ts).
// Writes bench/report.json and bench/REPORT.md; takes about 10–15 minutes on two cores.
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');
