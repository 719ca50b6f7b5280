-- Practice: the first attempt's checks of each comment a candidate rewrote (a second attempt, at
-- most one per comment). check_results holds the final answer's checks, the second attempt's for
-- these comments; both together show what the rewriting improved (history, progress).
CREATE TABLE first_attempt_results (
  drill_id TEXT NOT NULL REFERENCES scores (drill_id) ON DELETE CASCADE,
  comment_id TEXT NOT NULL,
  check_id TEXT NOT NULL,
  criterion TEXT NOT NULL,
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  PRIMARY KEY (drill_id, comment_id, check_id)
);
