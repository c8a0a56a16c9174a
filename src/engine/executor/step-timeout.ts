// Bounds one step in time on the engine's clock: the step gets a signal that aborts when the
// timeout passes or the caller aborts, and the step's promise is raced against it, so a port that
// ignores its signal cannot hold the operation forever.
import { isAdapterError } from '../../core/ports/adapter-error.js';
import type { Clock } from '../clock.js';
import { StepError, isStepError } from './step-error.js';

/** An error that only says "stopped": the step's own words for a timeout are kept, these are replaced. */
function isAbortLike(error: unknown): boolean {
  if (isStepError(error)) return error.code === 'StepTimeout' || error.code === 'Aborted';
  if (isAdapterError(error)) return error.code === 'Timeout';
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

export async function withTimeout<T>(clock: Clock, timeoutMs: number, parent: AbortSignal | undefined, what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timerCancel = new AbortController();
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  const timeout = new StepError('StepTimeout', `${what} did not finish within ${Math.round(timeoutMs / 1000)} s`);
  clock.sleep(timeoutMs, timerCancel.signal).then(
    () => controller.abort(timeout),
    () => undefined,
  );
  const aborted = new Promise<never>((_, reject) => {
    // A step that honours its signal gets a moment to end in its own words first.
    const fail = (): void =>
      void setImmediate(() => {
        const reason: unknown = controller.signal.reason;
        reject(reason instanceof Error ? reason : new StepError('Aborted', `${what} was aborted`));
      });
    if (controller.signal.aborted) fail();
    else controller.signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    return await Promise.race([fn(controller.signal), aborted]);
  } catch (error) {
    // A port that saw our timeout abort reports its own AbortError/Timeout; say what really happened.
    if (controller.signal.reason === timeout && isAbortLike(error)) throw timeout;
    throw error;
  } finally {
    timerCancel.abort();
    parent?.removeEventListener('abort', onParentAbort);
  }
}
