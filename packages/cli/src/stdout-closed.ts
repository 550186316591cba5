/**
 * Ends the process quietly (exit code 0) when a write to `stream` fails with `EPIPE`: the reader
 * of a pipe went away (`tagout --help | head -1`, `tagout machines | less` quit early), so there
 * is no one left to write to, and a stack trace on stderr would only be noise. Any other error of
 * the stream is thrown, as it would be without a listener.
 */
export function exitQuietlyWhenReaderCloses(
  stream: NodeJS.EventEmitter,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    exit(0);
  });
}
