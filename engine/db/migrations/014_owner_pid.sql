-- Schema v14: jobs and import runs record the process that runs them (owner_pid), so opening a store that another
-- live process is working on (the app while `desk` reads the same file, or a second window) leaves that process's
-- running work alone; only work whose process is gone is marked interrupted (engine/db/reconcile.ts). NULL on rows from
-- before, which are treated as having no live owner, as until now.
ALTER TABLE jobs ADD COLUMN owner_pid INTEGER;
ALTER TABLE import_runs ADD COLUMN owner_pid INTEGER;
