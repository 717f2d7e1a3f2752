-- Secrets every replica of one deployment shares (the key cursors are sealed with, the key owner
-- hashes in the audit log are made with). Written once by the first replica that needs one; the
-- value never leaves the server.
CREATE TABLE task_mcp_secrets (
  name text COLLATE "C" PRIMARY KEY,
  secret bytea NOT NULL,
  created_at bigint NOT NULL
);

-- Rate-limit budgets shared by replicas (rate-limiter-flexible's table layout: key, points used
-- in the current window, the window's end in epoch ms). Keys are prefixed with the budget's name.
CREATE TABLE task_mcp_rate_limits (
  key varchar(255) COLLATE "C" PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);

CREATE INDEX task_mcp_rate_limits_expire ON task_mcp_rate_limits (expire);
