#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader, so `npm start` needs no server build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/main.ts');
const code = await runCli(process.argv);
if (code !== 0) process.exit(code);
