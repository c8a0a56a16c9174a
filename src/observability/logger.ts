// Structured logs (pino). Secrets never reach a log line: known secret fields are redacted by path,
// and bearer tokens or JWTs inside free text are masked, whatever field they hide in.
import { pino, type DestinationStream, type Logger } from 'pino';
import { scrubSecrets } from '../core/ports/adapter-error.js';

const secretKeys = ['authorization', 'token', 'accessToken', 'access_token', 'refreshToken', 'clientSecret', 'client_secret', 'password', 'secret', 'kubeconfig', 'controlToken'];

export const redactPaths = [...secretKeys, ...secretKeys.map((k) => `*.${k}`), ...secretKeys.map((k) => `*.*.${k}`), 'headers.authorization', 'req.headers.authorization'];

// One definition of what a secret looks like in free text, shared with the adapters' errors.
export { scrubSecrets };

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'aksdr',
      level: options.level ?? process.env.AKSDR_LOG_LEVEL ?? 'info',
      redact: { paths: redactPaths, censor: '[REDACTED]' },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>,
          );
        },
      },
      formatters: {
        log(object) {
          const err = object.err;
          if (err instanceof Error) return { ...object, err: { type: err.name, message: scrubSecrets(err.message) } };
          return object;
        },
      },
    },
    options.destination,
  );
}
