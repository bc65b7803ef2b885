import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs carry ids (tenant, conversation, activity) and never message text or personal
 * details: redaction is a backstop, the rule is not to log them in the first place.
 */
export function createLogger(level: string = 'info'): Logger {
  return pino({
    level,
    base: { app: 'headway' },
    redact: { paths: ['text', '*.text', 'name', '*.name', 'email', '*.email', 'value', '*.value'], censor: '[redacted]' },
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });
