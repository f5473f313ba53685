#!/usr/bin/env node
import { processIo } from './cli/io';
import { main } from './cli/main';

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`greenlight: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
