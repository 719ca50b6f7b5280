-- Cohorts at work: the time zone their start times are read in, where they live on each platform,
-- and drills launched for all their members at a start time.
ALTER TABLE cohorts ADD COLUMN timezone TEXT NOT NULL DEFAULT 'Europe/Paris';

-- A channel bound to a cohort: trainers launch from it, members' private threads open in it.
CREATE TABLE cohort_channels (
  platform TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  bound_at TEXT NOT NULL,
  PRIMARY KEY (platform, channel_id)
);
CREATE INDEX cohort_channels_by_cohort ON cohort_channels (cohort_id, platform);

-- The platform and channel a member joined from: where their cohort drills reach them.
ALTER TABLE cohort_members ADD COLUMN platform TEXT;
ALTER TABLE cohort_members ADD COLUMN channel_id TEXT;

CREATE TABLE cohort_drills (
  id TEXT PRIMARY KEY,
  cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  scenario_id TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('exam', 'practice')),
  starts_at TEXT NOT NULL,
  -- After this instant no member is started any more (and the drill's summary is due).
  closes_at TEXT NOT NULL,
  -- Who launched it and from where (platform, user, channel), as JSON.
  launched_by TEXT NOT NULL CHECK (json_valid(launched_by)),
  created_at TEXT NOT NULL,
  cancelled_at TEXT,
  -- Set once the closing summary went to the trainer: it is sent once, even across restarts.
  summary_sent_at TEXT
);
CREATE INDEX cohort_drills_pending ON cohort_drills (closes_at) WHERE cancelled_at IS NULL AND summary_sent_at IS NULL;

-- One row per member started: written in the same transaction as the member's drill, so a
-- restart never starts anyone twice.
CREATE TABLE cohort_drill_starts (
  cohort_drill_id TEXT NOT NULL REFERENCES cohort_drills (id) ON DELETE CASCADE,
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  drill_id TEXT NOT NULL REFERENCES drills (id) ON DELETE CASCADE,
  started_at TEXT NOT NULL,
  PRIMARY KEY (cohort_drill_id, learner_id)
);
