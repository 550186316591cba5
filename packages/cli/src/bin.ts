#!/usr/bin/env node
/**
 * The `tagout` command. Sets the exit code and lets Node exit on its own: every engine,
 * pool and client is closed, so a hanging handle would show as a command that never ends.
 * The one exception: when the reader of standard output goes away, it exits at once, quietly.
 */
import { terminalIo } from './cli-io.js';
import { runCli } from './run-cli.js';
import { exitQuietlyWhenReaderCloses } from './stdout-closed.js';

exitQuietlyWhenReaderCloses(process.stdout);
process.exitCode = await runCli(process.argv.slice(2), terminalIo());
