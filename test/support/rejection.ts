/**
 * The error a promise rejects with (its name and message), or a failure if it resolves. Not
 * `rejects.toThrow(Class)`: in a jest worker, better-sqlite3's native errors come from the first
 * test file's realm and fail `instanceof Error` in the files after it.
 */
export async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return { name: String(name), message: String(message ?? error) };
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** The message of the error a promise rejects with. */
export async function rejectionMessage(promise: Promise<unknown>): Promise<string> {
  return (await rejection(promise)).message;
}

/** The error a call throws, or a failure if it returns: `rejection` for synchronous code. */
export function thrown(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw, but the call returned');
}
