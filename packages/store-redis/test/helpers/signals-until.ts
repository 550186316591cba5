import type { Signal, SignalRecorder } from '@tagout/conformance';

/** Takes signals from `recorder` until one passes `test`; returns them all, that one last. */
export async function signalsUntil(
  recorder: SignalRecorder,
  test: (signal: Signal) => boolean,
): Promise<Signal[]> {
  const taken: Signal[] = [];
  for (;;) {
    const signal = await recorder.next();
    taken.push(signal);
    if (test(signal)) return taken;
  }
}

/** Takes signals until a null one; returns them all. */
export function signalsUntilNull(recorder: SignalRecorder): Promise<Signal[]> {
  return signalsUntil(recorder, (signal) => signal === null);
}

/** Takes signals until the one naming only `name` (a marker the test sent); returns those before it. */
export async function signalsBeforeMarker(recorder: SignalRecorder, name: string): Promise<Signal[]> {
  const taken = await signalsUntil(recorder, (signal) => signal?.length === 1 && signal[0] === name);
  return taken.slice(0, -1);
}
