#!/usr/bin/env node
import 'reflect-metadata';
import { runCommandLine } from './composition/cli/run-command-line.js';

/** The `task-mcp` binary: argv and environment in, exit code out. */
process.exit(await runCommandLine(process.argv.slice(2), process.env));
