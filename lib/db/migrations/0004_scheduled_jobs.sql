-- One row per periodic job (lib/jobs/scheduler.ts): when it is due next, and
-- which run holds it now. Instances claim a due job with one conditional
-- upsert, so a job runs once per interval however many instances there are.
-- `claim` names the run holding the job and `running_until` is its lease:
-- after it, an instance that died mid-run no longer holds the job.
CREATE TABLE scheduled_jobs (
  name text PRIMARY KEY,
  next_run_at timestamptz NOT NULL DEFAULT now(),
  claim uuid,
  running_until timestamptz,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_error text
);
