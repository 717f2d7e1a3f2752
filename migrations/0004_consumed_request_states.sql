-- The requestStates of 2026-07-28 inline calls (multi round-trip) already used: one row per state,
-- inserted by the call that uses it, so that a state is used once whichever replica it reaches.
-- A row is needed only until its state expires (an expired state is refused anyway); the sweeper
-- then deletes it, which keeps the table as small as the states in flight.
CREATE TABLE task_mcp_consumed_states (
  state_id   text   COLLATE "C" PRIMARY KEY,
  expires_at bigint NOT NULL
);

CREATE INDEX task_mcp_consumed_states_expiry ON task_mcp_consumed_states (expires_at);
