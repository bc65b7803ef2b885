import appInsights from 'applicationinsights';

/** What the app sends to Application Insights: every log line as a trace, and its HTTP requests. */
export interface Telemetry {
  /** A pino destination: each written line (one JSON log record) becomes a trace. */
  sink: { write(line: string): void };
  /** Sends what is buffered (at shutdown, and in tests). */
  flush(): Promise<void>;
}

/** pino's numeric levels to Application Insights severities (Verbose 0 … Critical 4). */
function severityOf(level: number): number {
  if (level >= 60) return 4;
  if (level >= 50) return 3;
  if (level >= 40) return 2;
  if (level >= 30) return 1;
  return 0;
}

/**
 * Starts Application Insights when a connection string is set (App Service sets it from the
 * Bicep outputs): incoming requests, outgoing calls and exceptions are collected by the SDK; logs
 * arrive through `sink`. Call before the HTTP server is created so its requests are tracked.
 * Nothing personal is sent: log records are already redacted, and no message text is logged.
 */
export function startTelemetry(connectionString: string | undefined, options: { batchIntervalMs?: number } = {}): Telemetry | undefined {
  if (!connectionString) return undefined;
  appInsights
    .setup(connectionString)
    .setAutoCollectRequests(true)
    .setAutoCollectDependencies(true)
    .setAutoCollectExceptions(true)
    .setAutoCollectPerformance(false, false)
    .setAutoCollectConsole(false)
    .setAutoCollectHeartbeat(false)
    .setSendLiveMetrics(false)
    .setUseDiskRetryCaching(false)
    .setInternalLogging(false, false)
    .start();
  const client = appInsights.defaultClient;
  client.context.tags[client.context.keys.cloudRole] = 'headway';
  if (options.batchIntervalMs !== undefined) client.config.maxBatchIntervalMs = options.batchIntervalMs;
  return {
    sink: {
      write(line: string) {
        let record: Record<string, unknown>;
        try {
          record = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return;
        }
        const { msg, level, time: _time, ...rest } = record;
        const properties = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
        client.trackTrace({ message: typeof msg === 'string' ? msg : '', severity: severityOf(Number(level)), properties });
      },
    },
    flush: () => new Promise((resolve) => client.flush({ callback: () => resolve() })),
  };
}
