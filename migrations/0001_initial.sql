-- Learners and the platform accounts that identify them (one learner may use several platforms).
CREATE TABLE learners (
  id INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL,
  timezone TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE identities (
  platform TEXT NOT NULL CHECK (platform IN ('terminal', 'discord', 'slack', 'test')),
  platform_user_id TEXT NOT NULL,
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  PRIMARY KEY (platform, platform_user_id)
);

CREATE TABLE cohorts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  join_code TEXT NOT NULL UNIQUE,
  created_by TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE cohort_members (
  cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  joined_at TEXT NOT NULL,
  PRIMARY KEY (cohort_id, learner_id)
);

-- A drill's truth is its event log; the columns here are a projection kept for queries
-- (open drills to re-arm, a learner's history).
CREATE TABLE drills (
  id TEXT PRIMARY KEY,
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  scenario_id TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('exam', 'practice')),
  phase TEXT NOT NULL,
  next_deadline_at TEXT,
  -- Where the drill runs (platform, user, channel), as JSON: where reminders and feedback go.
  origin TEXT NOT NULL CHECK (json_valid(origin)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX drills_by_learner ON drills (learner_id, created_at);
CREATE INDEX drills_open ON drills (phase) WHERE phase <> 'closed';

CREATE TABLE drill_events (
  drill_id TEXT NOT NULL REFERENCES drills (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  at TEXT NOT NULL,
  PRIMARY KEY (drill_id, seq)
);
-- Append-only: an event, once written, is never rewritten.
CREATE TRIGGER drill_events_append_only BEFORE UPDATE ON drill_events
BEGIN
  SELECT RAISE(ABORT, 'drill_events is append-only');
END;

CREATE TABLE scores (
  drill_id TEXT PRIMARY KEY REFERENCES drills (id) ON DELETE CASCADE,
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  scenario_id TEXT NOT NULL,
  cr71_score REAL NOT NULL,
  cr71_verdict TEXT NOT NULL,
  cr72_score REAL NOT NULL,
  cr72_verdict TEXT NOT NULL,
  result TEXT NOT NULL CHECK (json_valid(result)),
  scored_at TEXT NOT NULL
);
CREATE INDEX scores_by_learner ON scores (learner_id, scored_at);

-- One row per check per comment, for progress per check over time.
CREATE TABLE check_results (
  drill_id TEXT NOT NULL REFERENCES scores (drill_id) ON DELETE CASCADE,
  comment_id TEXT NOT NULL,
  check_id TEXT NOT NULL,
  criterion TEXT NOT NULL,
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  PRIMARY KEY (drill_id, comment_id, check_id)
);

-- Inbound platform events already handled: a redelivery is a no-op.
CREATE TABLE processed_events (
  event_id TEXT PRIMARY KEY,
  processed_at TEXT NOT NULL
);
