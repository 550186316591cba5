#!/usr/bin/env node
/**
 * The `tagout` command. Sets the exit code and lets Node exit on its own: every engine,
 * pool and client is closed, so a hanging handle would show as a command that never ends.
 */
import { terminalIo } from './cli-io.js';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), terminalIo());
