#!/usr/bin/env node
// The `darkroom` command: registers tsx so the TypeScript sources run as they are, then hands over.
import { register } from 'tsx/esm/api';

process.env.LANCEDB_LOG ??= 'error';
register();
await import('./cli.ts');
