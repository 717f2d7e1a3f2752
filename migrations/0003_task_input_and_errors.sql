-- Interactive tasks: the questions a task has put to its caller and the answers not yet taken by
-- its run (json, null when it never asked), and the JSON-RPC error of a task whose request failed
-- as a whole rather than with a tool result. Both are written with the rest of the task, under its
-- version, so every replica sees a question and its answer the moment they are stored.
ALTER TABLE task_mcp_tasks ADD COLUMN input json;
ALTER TABLE task_mcp_tasks ADD COLUMN error json;
