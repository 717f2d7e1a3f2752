-- task-mcp schema, version 1: tasks, per-owner counts, locks, and the quota-checked insert.
-- Times are epoch milliseconds (bigint), as the application keeps them. Variables and results are
-- `json`, not `jsonb`, so that tasks/result returns exactly the text the tool produced. Keys and
-- ids compare bytewise (COLLATE "C"), the order tasks/list pages in whatever the locale.

CREATE TABLE task_mcp_tasks (
  owner_key          text    COLLATE "C" NOT NULL,
  task_id            text    COLLATE "C" NOT NULL,
  tool_name          text    NOT NULL,
  status             text    NOT NULL
    CHECK (status IN ('working', 'input_required', 'completed', 'failed', 'cancelled')),
  status_message     text,
  created_at         bigint  NOT NULL,
  last_updated_at    bigint  NOT NULL,
  ttl_ms             bigint  NOT NULL,
  expires_at         bigint  NOT NULL,
  poll_interval_ms   integer NOT NULL,
  variables          json    NOT NULL,
  result             json,
  version            integer NOT NULL,
  -- The replica running the task (its name and this life of it) and until when it holds it.
  lease_replica      text,
  lease_life         text,
  lease_expires_at   bigint,
  -- The owner is part of the key: no row is reachable by task id alone.
  PRIMARY KEY (owner_key, task_id)
);

-- tasks/list pages by (created_at, task_id) within one owner.
CREATE INDEX task_mcp_tasks_listing ON task_mcp_tasks (owner_key, created_at, task_id);
-- Expiry cleanup finds expired rows without scanning the table.
CREATE INDEX task_mcp_tasks_expiry ON task_mcp_tasks (expires_at);
-- Lease reaping finds live tasks whose lease lapsed, or a replica's own leftovers.
CREATE INDEX task_mcp_tasks_leases ON task_mcp_tasks (lease_expires_at)
  WHERE status IN ('working', 'input_required');
CREATE INDEX task_mcp_tasks_lease_replica ON task_mcp_tasks (lease_replica)
  WHERE status IN ('working', 'input_required');

-- How many tasks each owner has stored, and how many of them are live: the quotas read these
-- instead of counting rows, so a create costs the same with 10 tasks stored or 100,000. Kept by
-- the statements that insert, finish and delete tasks, in the same statement.
CREATE TABLE task_mcp_owners (
  owner_key  text    COLLATE "C" PRIMARY KEY,
  stored     integer NOT NULL CHECK (stored >= 0),
  active     integer NOT NULL CHECK (active >= 0)
);

CREATE TABLE task_mcp_locks (
  lock_key      text   PRIMARY KEY,
  name          text   NOT NULL,
  scope         text   NOT NULL CHECK (scope IN ('owner', 'global')),
  holder_owner  text   NOT NULL,
  holder_task   text   NOT NULL,
  acquired_at   bigint NOT NULL,
  ttl_ms        bigint NOT NULL
);

-- Inserts a task after checking its owner's quotas, in one statement (so one round trip) and
-- atomically across replicas: the owner's counts row is locked for the check-and-insert, which
-- serialises concurrent creates for that owner, whichever replica they reach.
-- outcome is 'inserted', 'limit' (nothing stored; stored and active say why) or 'duplicate'.
CREATE FUNCTION task_mcp_insert_task(
  p_owner_key text, p_task_id text, p_tool_name text, p_status text, p_status_message text,
  p_created_at bigint, p_last_updated_at bigint, p_ttl_ms bigint, p_poll_interval_ms integer,
  p_variables json, p_result json, p_version integer,
  p_lease_replica text, p_lease_life text, p_lease_expires_at bigint,
  p_max_stored integer, p_max_active integer,
  OUT outcome text, OUT stored integer, OUT active integer
)
LANGUAGE plpgsql AS $$
DECLARE
  v_live boolean := p_status IN ('working', 'input_required');
BEGIN
  -- Creates the owner's row on first use; either way locks it and reads the counts.
  INSERT INTO task_mcp_owners AS o (owner_key, stored, active) VALUES (p_owner_key, 0, 0)
    ON CONFLICT (owner_key) DO UPDATE SET owner_key = o.owner_key
    RETURNING o.stored, o.active INTO stored, active;
  IF stored >= p_max_stored OR active >= p_max_active THEN
    outcome := 'limit';
    RETURN;
  END IF;
  INSERT INTO task_mcp_tasks (
    owner_key, task_id, tool_name, status, status_message, created_at, last_updated_at, ttl_ms,
    expires_at, poll_interval_ms, variables, result, version,
    lease_replica, lease_life, lease_expires_at
  ) VALUES (
    p_owner_key, p_task_id, p_tool_name, p_status, p_status_message, p_created_at,
    p_last_updated_at, p_ttl_ms, p_created_at + p_ttl_ms, p_poll_interval_ms, p_variables,
    p_result, p_version, p_lease_replica, p_lease_life, p_lease_expires_at
  ) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    outcome := 'duplicate';
    RETURN;
  END IF;
  UPDATE task_mcp_owners o
    SET stored = o.stored + 1, active = o.active + CASE WHEN v_live THEN 1 ELSE 0 END
    WHERE o.owner_key = p_owner_key;
  outcome := 'inserted';
END;
$$;
