package io.tripline.review;

import io.tripline.report.outbox.JdbcStore;
import io.tripline.report.outbox.JdbcStore.Migration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The review queue's tables, migrated as component {@code review} of {@code tripline_schema_version}
 * (so they may live in the outbox's database). The audit log is append-only by the database's own
 * triggers: an UPDATE, DELETE (or, on PostgreSQL, TRUNCATE) of it fails.
 */
final class ReviewSchema {
  static final String COMPONENT = "review";
  private static final long PG_LOCK_ID = 0x7472_6970_7276_7731L; // "triprvw1"
  static final String APPEND_ONLY = "the review audit log is append-only";

  private static String item(String bigint) {
    return """
        create table tripline_review_item (
          id varchar(64) primary key,
          open_key char(64) unique,
          state varchar(16) not null,
          version BIGINT not null,
          priority integer not null,
          escalated integer not null default 0,
          submitted_at BIGINT not null,
          due_at BIGINT not null,
          rule_pack varchar(200) not null,
          rule_version varchar(100) not null,
          rule_id varchar(200) not null,
          flagged_at BIGINT not null,
          uploader_id varchar(200),
          uploader_ip varchar(64),
          account_created_at BIGINT,
          country char(2),
          platform_id varchar(200),
          evidence text not null,
          claimed_by varchar(200),
          claim_until BIGINT,
          content_viewed integer not null default 0,
          decision varchar(16),
          reason varchar(64),
          note text,
          decided_by varchar(200),
          decided_at BIGINT,
          report_ids text,
          updated_at BIGINT not null)""".replace("BIGINT", bigint);
  }

  private static final String TAG = """
      create table tripline_review_tag (
        item_id varchar(64) not null,
        kind char(1) not null,
        value varchar(200) not null,
        primary key (item_id, kind, value))""";

  private static final String EFFECT = """
      create table tripline_review_effect (
        item_id varchar(64) not null,
        effect varchar(40) not null,
        created_at bigint not null,
        done_at bigint,
        attempts integer not null default 0,
        last_error text,
        primary key (item_id, effect))""";

  private static String audit(String seq) {
    return """
        create table tripline_review_audit (
          seq SEQ,
          item_id varchar(64) not null,
          at bigint not null,
          actor varchar(200) not null,
          action varchar(20) not null,
          state_before varchar(16),
          state_after varchar(16) not null,
          decision varchar(16),
          reason varchar(64),
          note text,
          detail text)""".replace("SEQ", seq);
  }

  private static final List<String> INDEXES = List.of(
      "create index tripline_review_queue_idx on tripline_review_item (state, priority, submitted_at)",
      "create index tripline_review_tag_idx on tripline_review_tag (kind, value, item_id)",
      "create index tripline_review_audit_item_idx on tripline_review_audit (item_id, seq)",
      "create index tripline_review_effect_open_idx on tripline_review_effect (done_at, item_id)");

  private static final List<Migration> MIGRATIONS = List.of(new Migration(1,
      "review items, tags, decision effects, append-only audit log",
      concat(List.of(item("bigint"), TAG, EFFECT, audit("integer primary key autoincrement")), INDEXES, List.of(
          "create trigger tripline_review_audit_no_update before update on tripline_review_audit"
              + " begin select raise(abort, '" + APPEND_ONLY + "'); end",
          "create trigger tripline_review_audit_no_delete before delete on tripline_review_audit"
              + " begin select raise(abort, '" + APPEND_ONLY + "'); end")),
      concat(List.of(item("bigint"), TAG, EFFECT, audit("bigint generated always as identity primary key")),
          INDEXES, List.of(
          "create function tripline_review_audit_append_only() returns trigger language plpgsql as $$"
              + " begin raise exception '" + APPEND_ONLY + "'; end $$",
          "create trigger tripline_review_audit_no_change before update or delete on tripline_review_audit"
              + " for each row execute function tripline_review_audit_append_only()",
          "create trigger tripline_review_audit_no_truncate before truncate on tripline_review_audit"
              + " for each statement execute function tripline_review_audit_append_only()"))));

  private ReviewSchema() {}

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }

  static List<Integer> migrate(DataSource dataSource, boolean postgres, Instant now) {
    return JdbcStore.migrate(dataSource, postgres, COMPONENT, PG_LOCK_ID, MIGRATIONS, now, ReviewException::new);
  }
}
