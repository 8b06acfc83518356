package io.tripline.report.outbox;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates or migrates the outbox tables on start. Each migration runs once, recorded in
 * {@code tripline_schema_version}; all pending ones run in one transaction, so a failed start
 * leaves the schema as it was. Concurrent starts are serialised: PostgreSQL by a transaction
 * advisory lock, SQLite by its single writer (connections begin transactions IMMEDIATE).
 */
final class Schema {
  static final String COMPONENT = "outbox";
  static final String TASKS_TABLE = "tripline_scheduled_tasks";
  private static final long PG_LOCK_ID = 0x7472_6970_6c6f_7831L; // "triplox1"

  /** Same DDL on both: plain types only. */
  private static final String JOURNAL_TABLE =
      """
      create table tripline_outbox_journal (
        idempotency_key varchar(200) not null,
        n integer not null,
        attempt integer not null,
        recorded_at bigint not null,
        record text not null,
        primary key (idempotency_key, n))""";

  private record Migration(int version, String description, List<String> sqlite, List<String> postgres) {}

  private static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "outbox entries, attempts, db-scheduler executions",
              List.of(
                  """
                  create table tripline_outbox (
                    seq integer primary key autoincrement,
                    idempotency_key varchar(200) not null unique,
                    destination varchar(64) not null,
                    payload blob not null,
                    payload_sha256 char(64) not null,
                    created_at bigint not null,
                    enqueued_at bigint not null,
                    state varchar(16) not null,
                    attempts integer not null default 0,
                    attempts_at_revival integer not null default 0,
                    next_attempt_at bigint,
                    last_error text,
                    receipt blob,
                    external_id varchar(200),
                    delivered_at bigint,
                    updated_at bigint not null)""",
                  "create index tripline_outbox_dest_idx on tripline_outbox (destination, state, seq)",
                  "create index tripline_outbox_state_idx on tripline_outbox (state, seq)",
                  """
                  create table tripline_outbox_attempt (
                    idempotency_key varchar(200) not null,
                    attempt integer not null,
                    dispatcher varchar(100) not null,
                    started_at bigint not null,
                    finished_at bigint,
                    outcome varchar(20) not null,
                    detail text,
                    retry_at bigint,
                    primary key (idempotency_key, attempt))""",
                  // db-scheduler's table, written from its documented columns for SQLite.
                  """
                  create table tripline_scheduled_tasks (
                    task_name varchar(100) not null,
                    task_instance varchar(100) not null,
                    task_data blob,
                    execution_time timestamp not null,
                    picked bit not null,
                    picked_by varchar(50),
                    last_success timestamp,
                    last_failure timestamp,
                    consecutive_failures int,
                    last_heartbeat timestamp,
                    version bigint not null,
                    priority smallint,
                    primary key (task_name, task_instance))""",
                  "create index tripline_st_execution_time_idx on tripline_scheduled_tasks (execution_time)",
                  "create index tripline_st_last_heartbeat_idx on tripline_scheduled_tasks (last_heartbeat)",
                  "create index tripline_st_priority_time_idx on tripline_scheduled_tasks (priority desc, execution_time asc)"),
              List.of(
                  """
                  create table tripline_outbox (
                    seq bigint generated always as identity primary key,
                    idempotency_key varchar(200) not null unique,
                    destination varchar(64) not null,
                    payload bytea not null,
                    payload_sha256 char(64) not null,
                    created_at bigint not null,
                    enqueued_at bigint not null,
                    state varchar(16) not null,
                    attempts integer not null default 0,
                    attempts_at_revival integer not null default 0,
                    next_attempt_at bigint,
                    last_error text,
                    receipt bytea,
                    external_id varchar(200),
                    delivered_at bigint,
                    updated_at bigint not null)""",
                  "create index tripline_outbox_dest_idx on tripline_outbox (destination, state, seq)",
                  "create index tripline_outbox_state_idx on tripline_outbox (state, seq)",
                  """
                  create table tripline_outbox_attempt (
                    idempotency_key varchar(200) not null,
                    attempt integer not null,
                    dispatcher varchar(100) not null,
                    started_at bigint not null,
                    finished_at bigint,
                    outcome varchar(20) not null,
                    detail text,
                    retry_at bigint,
                    primary key (idempotency_key, attempt))""",
                  """
                  create table tripline_scheduled_tasks (
                    task_name text not null,
                    task_instance text not null,
                    task_data bytea,
                    execution_time timestamp with time zone not null,
                    picked boolean not null,
                    picked_by text,
                    last_success timestamp with time zone,
                    last_failure timestamp with time zone,
                    consecutive_failures int,
                    last_heartbeat timestamp with time zone,
                    version bigint not null,
                    priority smallint,
                    primary key (task_name, task_instance))""",
                  "create index tripline_st_execution_time_idx on tripline_scheduled_tasks (execution_time)",
                  "create index tripline_st_last_heartbeat_idx on tripline_scheduled_tasks (last_heartbeat)",
                  "create index tripline_st_priority_time_idx on tripline_scheduled_tasks (priority desc, execution_time asc)")),
          new Migration(
              2,
              "delivery journal of multi-step sinks",
              List.of(JOURNAL_TABLE),
              List.of(JOURNAL_TABLE)));

  private Schema() {}

  /** The newest schema version this code knows. */
  static int latestVersion() {
    return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
  }

  /** Applies what is missing; returns the versions applied by this call (empty if none). */
  static List<Integer> migrate(DataSource dataSource, Dialect dialect, Instant now) {
    List<JdbcStore.Migration> migrations = MIGRATIONS.stream()
        .map(m -> new JdbcStore.Migration(m.version(), m.description(), m.sqlite(), m.postgres()))
        .toList();
    return JdbcStore.migrate(dataSource, dialect == Dialect.POSTGRESQL, COMPONENT, PG_LOCK_ID, migrations, now,
        OutboxException::new);
  }
}
