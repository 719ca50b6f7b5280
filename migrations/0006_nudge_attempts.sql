-- A nudge about to be handed to a platform. Deleted when its delivery is recorded: a row left
-- behind means the bot stopped (crash, kill -9) between sending and recording, so the next attempt
-- first asks the platform whether the message already arrived (Slack: the DM's history).
CREATE TABLE nudge_attempts (
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  attempted_at TEXT NOT NULL,
  PRIMARY KEY (learner_id, key)
);
