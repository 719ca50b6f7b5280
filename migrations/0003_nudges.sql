-- Calendar nudges: who wants them and where, the learners' editorial calendars, cohort milestones,
-- and the delivery log that makes every nudge go at most once.
CREATE TABLE nudge_prefs (
  learner_id INTEGER PRIMARY KEY REFERENCES learners (id) ON DELETE CASCADE,
  opted_in INTEGER NOT NULL DEFAULT 0 CHECK (opted_in IN (0, 1)),
  -- Where nudges go (a DM on that platform).
  platform TEXT NOT NULL,
  user_id TEXT NOT NULL,
  quiet_start TEXT NOT NULL DEFAULT '21:00',
  quiet_end TEXT NOT NULL DEFAULT '08:00',
  snoozed_until TEXT,
  -- Nudges sent since the learner last did anything; 3 pauses them, 4 means the pause was announced.
  ignored_in_a_row INTEGER NOT NULL DEFAULT 0,
  opted_in_at TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE calendar_posts (
  id INTEGER PRIMARY KEY,
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  local_date TEXT NOT NULL,
  local_time TEXT NOT NULL,
  network TEXT NOT NULL,
  axis TEXT NOT NULL,
  title TEXT NOT NULL,
  imported_at TEXT NOT NULL
);
CREATE INDEX calendar_posts_by_time ON calendar_posts (at);
CREATE INDEX calendar_posts_by_learner ON calendar_posts (learner_id, at);

CREATE TABLE cohort_milestones (
  id INTEGER PRIMARY KEY,
  cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- One row per learner and nudge occurrence, written once the platform accepted the message (or
-- once it was skipped, with the reason): the unique key is what « exactly once » rests on.
CREATE TABLE nudge_deliveries (
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  kind TEXT NOT NULL,
  due_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sent', 'skipped')),
  at TEXT NOT NULL,
  late_minutes INTEGER,
  reason TEXT,
  PRIMARY KEY (learner_id, key)
);

-- The scheduler's own state (last tick), so a restart knows what it missed.
CREATE TABLE scheduler_state (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
