import { isLoopback, serveWeb } from '@tagout/web';
import { type Command, Option } from 'commander';
import type { CliIo } from '../cli-io.js';
import { wholeNumber } from '../parse-arguments.js';
import { UsageError } from '../usage-error.js';
import { withEngine } from '../with-engine.js';

const DEFAULT_PORT = 8080;

/**
 * `tagout web [--host H] [--port N] [--token T] [--read-only]`: serves the debug UI until
 * SIGINT or SIGTERM. Its first line is `listening on http://HOST:PORT`.
 */
export function registerWeb(program: Command, io: CliIo): void {
  program
    .command('web')
    .description('serve the web debug UI (until Ctrl-C)')
    .option('--host <host>', 'interface to bind; anything but loopback needs --token', '127.0.0.1')
    .option('--port <port>', `port, 0 for a free one (default ${DEFAULT_PORT})`, wholeNumber)
    .addOption(new Option('--token <token>', 'require this token (env TAGOUT_WEB_TOKEN, kept out of ps)'))
    .option('--read-only', 'refuse every action')
    .action(
      async (
        options: { host: string; port?: number; token?: string; readOnly?: boolean },
        command: Command,
      ) => {
        const token = options.token ?? io.env.TAGOUT_WEB_TOKEN;
        if (!isLoopback(options.host) && (token === undefined || token === '')) {
          throw new UsageError(`--host ${options.host} is not loopback: give --token (or TAGOUT_WEB_TOKEN)`);
        }
        await withEngine(command, io, async (engine) => {
          const server = await serveWeb({
            engine,
            host: options.host,
            port: options.port ?? DEFAULT_PORT,
            readOnly: options.readOnly === true,
            ...(token !== undefined && token !== '' && { token }),
          });
          io.out(`listening on ${server.url}\n`);
          await io.untilStopped();
          await server.close();
        });
      },
    );
}
