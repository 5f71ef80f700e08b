// Prometheus metrics of this instance, served at /metrics behind a token.
import client from "prom-client";

/** The registry /metrics serves. */
export const registry = new client.Registry();

/** Signaling messages relayed, by message type. */
export const relayedMessages = new client.Counter({
  name: "talkroom_signaling_messages_relayed_total",
  help: "Signaling messages relayed to the other participant, by type",
  labelNames: ["type"] as const,
  registers: [registry],
});

/** WebSocket upgrades refused before upgrading, by reason. */
export const refusedUpgrades = new client.Counter({
  name: "talkroom_signaling_upgrades_refused_total",
  help: "Signaling upgrades refused with an HTTP status, by reason",
  labelNames: ["reason"] as const,
  registers: [registry],
});

/** Sockets closed by the server for abuse, by reason. */
export const socketViolations = new client.Counter({
  name: "talkroom_signaling_violations_total",
  help: "Signaling sockets closed or warned for protocol violations, by reason",
  labelNames: ["reason"] as const,
  registers: [registry],
});

/** Time from one instance publishing a room event to another receiving it. */
export const busLag = new client.Histogram({
  name: "talkroom_signaling_bus_lag_seconds",
  help:
    "Delay between publishing a room event and another instance receiving it",
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

/** HTTP request durations by route pattern, method and status class. */
export const requestDuration = new client.Histogram({
  name: "talkroom_http_request_duration_seconds",
  help: "Time to answer HTTP requests, by route pattern",
  labelNames: ["route", "method", "status"] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

/** Periodic job runs on this instance (failed ones included), by job. */
export const jobRuns = new client.Counter({
  name: "talkroom_jobs_run_total",
  help: "Periodic job runs on this instance, failed ones included, by job",
  labelNames: ["job"] as const,
  registers: [registry],
});

/** Periodic job runs on this instance that threw, by job. */
export const jobFailures = new client.Counter({
  name: "talkroom_jobs_failed_total",
  help: "Periodic job runs on this instance that failed, by job",
  labelNames: ["job"] as const,
  registers: [registry],
});

/** Registers gauges read at scrape time (open sockets, active rooms). */
export function registerGauges(
  read: { sockets(): number; rooms(): number },
): void {
  registry.removeSingleMetric("talkroom_signaling_open_sockets");
  registry.removeSingleMetric("talkroom_signaling_active_rooms");
  new client.Gauge({
    name: "talkroom_signaling_open_sockets",
    help: "Signaling sockets open on this instance",
    registers: [registry],
    collect() {
      this.set(read.sockets());
    },
  });
  new client.Gauge({
    name: "talkroom_signaling_active_rooms",
    help: "Rooms with at least one socket on this instance",
    registers: [registry],
    collect() {
      this.set(read.rooms());
    },
  });
}

/** E-mail send attempts by outcome: sent, retried (temporary failure), failed (given up). */
export const emailOutcomes = new client.Counter({
  name: "talkroom_emails_total",
  help:
    "E-mail send attempts on this instance by outcome: sent, retried, failed (given up)",
  labelNames: ["outcome"] as const,
  registers: [registry],
});
for (const outcome of ["sent", "retried", "failed"]) {
  emailOutcomes.inc({ outcome }, 0);
}

const OUTBOX_GAUGES = [
  [
    "talkroom_outbox_depth",
    "E-mails in the outbox not yet sent nor given up",
    "depth",
  ],
  [
    "talkroom_outbox_oldest_age_seconds",
    "Age of the oldest e-mail in the outbox not yet sent nor given up",
    "oldestAgeSeconds",
  ],
] as const;

/**
 * Registers the outbox gauges, read from the database at scrape time: the
 * e-mails waiting and the age of the oldest. A failed read keeps the last
 * values (the database's own health shows at /readyz).
 */
export function registerOutboxGauges(
  read: () => Promise<{ depth: number; oldestAgeSeconds: number }>,
): void {
  for (const [name] of OUTBOX_GAUGES) registry.removeSingleMetric(name);
  let last = { depth: 0, oldestAgeSeconds: 0 };
  let reading: Promise<void> | null = null;
  const refresh = () =>
    reading ??= read().then((stats) => {
      last = stats;
    }, () => {}).finally(() => {
      reading = null;
    });
  for (const [name, help, field] of OUTBOX_GAUGES) {
    new client.Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        await refresh();
        this.set(last[field]);
      },
    });
  }
}
