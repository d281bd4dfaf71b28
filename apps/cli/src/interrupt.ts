/** The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * Runs a long command with Ctrl-C as its abort signal: it stops cleanly and says what it left, and
 * the exit code is 130, whether the command answers it or rejects once aborted. A second Ctrl-C
 * ends the process at once (the default, as the handler is removed after the first).
 */
export async function untilCtrlC(run: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    return await run(controller.signal);
  } catch (error) {
    if (controller.signal.aborted) return EXIT_INTERRUPTED;
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}
