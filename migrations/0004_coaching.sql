-- Checklist items a learner ticked (coaching on C1–C7): their readiness per competency.
CREATE TABLE checklist_ticks (
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  ticked_at TEXT NOT NULL,
  PRIMARY KEY (learner_id, item_id)
);

-- The candidate's own artefacts (editorial line…), kept as they pasted them, for checks and re-checks.
CREATE TABLE artefacts (
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  content TEXT NOT NULL,
  -- Criteria whose checks failed at the last check: the oral rehearsal asks about them first.
  failed_criteria TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(failed_criteria)),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (learner_id, kind)
);

-- Oral rehearsals (M1.2): where the timer's milestones and the jury's questions go, and when it began.
CREATE TABLE rehearsals (
  id INTEGER PRIMARY KEY,
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  origin TEXT NOT NULL CHECK (json_valid(origin)),
  questions TEXT NOT NULL CHECK (json_valid(questions)),
  started_at TEXT NOT NULL,
  ended_at TEXT
);

-- Comment categories a learner failed, brought back in later practice at about 2, 7 and 14 days.
CREATE TABLE weak_spots (
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  failed_checks TEXT NOT NULL,
  reviews_done INTEGER NOT NULL DEFAULT 0,
  next_review_at TEXT NOT NULL,
  PRIMARY KEY (learner_id, category)
);
