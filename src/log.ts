import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs carry ids (tenant, conversation, activity) and never message text or personal
 * details: redaction is a backstop, the rule is not to log them in the first place.
 */
export function createLogger(level: string = 'info', also?: { write(line: string): void }): Logger {
  const options = {
    level,
    base: { app: 'headway' },
    redact: { paths: ['text', '*.text', 'name', '*.name', 'email', '*.email', 'value', '*.value'], censor: '[redacted]' },
  };
  // With telemetry on, each record also goes to Application Insights (after redaction).
  return also ? pino(options, pino.multistream([{ stream: process.stdout, level: level as pino.Level }, { stream: also, level: level as pino.Level }])) : pino(options);
}

export const silentLogger: Logger = pino({ level: 'silent' });
