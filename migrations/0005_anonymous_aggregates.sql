-- What an erased learner leaves behind (RGPD: aggregates kept anonymous). For each cohort drill
-- they had submitted: the counts their checks added to the cohort's pass rates and their two
-- verdicts, summed with other erased learners' — no learner, no text, no instant of their own.
CREATE TABLE anonymous_check_counts (
  cohort_drill_id TEXT NOT NULL REFERENCES cohort_drills (id) ON DELETE CASCADE,
  check_id TEXT NOT NULL,
  criterion TEXT NOT NULL,
  passed INTEGER NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (cohort_drill_id, check_id)
);

CREATE TABLE anonymous_submissions (
  cohort_drill_id TEXT PRIMARY KEY REFERENCES cohort_drills (id) ON DELETE CASCADE,
  submitted INTEGER NOT NULL,
  cr71_met INTEGER NOT NULL,
  cr72_met INTEGER NOT NULL
);
