-- task-mcp schema, version 1: tasks, locks, and the per-owner quota check.
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
-- The concurrent-task quota counts an owner's live tasks.
CREATE INDEX task_mcp_tasks_live ON task_mcp_tasks (owner_key)
  WHERE status IN ('working', 'input_required');
-- Expiry cleanup finds expired rows without scanning the table.
CREATE INDEX task_mcp_tasks_expiry ON task_mcp_tasks (expires_at);
-- Lease reaping finds live tasks whose lease lapsed, or a replica's own leftovers.
CREATE INDEX task_mcp_tasks_leases ON task_mcp_tasks (lease_expires_at)
  WHERE status IN ('working', 'input_required');
CREATE INDEX task_mcp_tasks_lease_replica ON task_mcp_tasks (lease_replica)
  WHERE status IN ('working', 'input_required');

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
-- atomically across replicas: a transaction-scoped advisory lock on the owner serialises the
-- check-and-insert of concurrent creates for that owner, whichever replica they reach.
-- outcome is 'inserted', 'limit' (nothing stored; stored and active say why) or 'duplicate'.
CREATE FUNCTION task_mcp_insert_task(
  p_owner_key text, p_task_id text, p_tool_name text, p_status text, p_status_message text,
  p_created_at bigint, p_last_updated_at bigint, p_ttl_ms bigint, p_poll_interval_ms integer,
  p_variables json, p_result json, p_version integer,
  p_lease_replica text, p_lease_life text, p_lease_expires_at bigint,
  p_max_stored integer, p_max_active integer,
  OUT outcome text, OUT stored bigint, OUT active bigint
)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1952541040, hashtext(p_owner_key));
  SELECT count(*), count(*) FILTER (WHERE t.status IN ('working', 'input_required'))
    INTO stored, active
    FROM task_mcp_tasks t WHERE t.owner_key = p_owner_key;
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
  outcome := CASE WHEN FOUND THEN 'inserted' ELSE 'duplicate' END;
END;
$$;
