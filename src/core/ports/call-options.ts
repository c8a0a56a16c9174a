// The options bag every port method takes, after the Azure SDK guidelines.

export interface CallOptions {
  /** Cancels the call; a signal from `AbortSignal.timeout()` makes the call fail with a `Timeout` AdapterError. */
  abortSignal?: AbortSignal;
  /** Upper bound for this call; combined with `abortSignal`. Adapters apply their own default when omitted. */
  timeoutInMs?: number;
}
