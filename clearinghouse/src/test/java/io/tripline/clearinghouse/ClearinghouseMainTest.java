package io.tripline.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator CLI, in process: platforms, credentials created (hash stored), listed, revoked. */
class ClearinghouseMainTest {

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ClearinghouseMain());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void credentialsAreCreatedListedAndRevokedAndOnlyTheirHashIsStored() throws Exception {
    String data = dir.resolve("data").toString();
    assertThat(run("platforms", "add", "example-classifieds", "--data", data).code()).isZero();

    Run created = run("credentials", "create", "--platform", "example-classifieds", "--scopes",
        "reports:write,feeds:read", "--data", data);
    assertThat(created.code()).as(created.err()).isZero();
    Matcher m = Pattern.compile("credential (cred_[0-9a-f]{16}) .*secret \\(shown once; only its hash is stored\\):"
        + " (tl_[A-Za-z0-9_-]{43})", Pattern.DOTALL).matcher(created.out());
    assertThat(m.find()).as(created.out()).isTrue();
    String id = m.group(1);
    String secret = m.group(2);

    Path db = dir.resolve("data").resolve(Store.SQLITE_FILE);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select id, secret_sha256, scopes from ch_credential")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(id);
      assertThat(rs.getString(2)).isEqualTo(Accounts.hash(secret)).isNotEqualTo(secret);
      assertThat(rs.getString(3)).isEqualTo("feeds:read,reports:write");
    }
    for (Path file : Files.list(dir.resolve("data")).toList()) {
      if (Files.isRegularFile(file)) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
            .doesNotContain(secret);
      }
    }

    Run listed = run("credentials", "list", "--data", data);
    assertThat(listed.out()).contains(id).contains("example-classifieds").doesNotContain(secret)
        .doesNotContain("REVOKED");

    try (Fixture ch = Fixture.start(dir.resolve("data"))) {
      assertThat(ch.send("GET", "/v1/reports/r_00000000000000000000000000000000", secret).statusCode())
          .isEqualTo(404);
      assertThat(run("credentials", "revoke", id, "--data", data).code()).isZero();
      assertThat(ch.send("GET", "/v1/reports/r_00000000000000000000000000000000", secret).statusCode())
          .isEqualTo(401);
    }
    assertThat(run("credentials", "list", "--data", data).out()).contains("REVOKED");
    assertThat(run("credentials", "revoke", id, "--data", data).code()).isEqualTo(1);
  }

  @Test
  void aCredentialForAnUnknownPlatformOrScopeIsRefused() {
    String data = dir.resolve("data").toString();
    assertThat(run("credentials", "create", "--platform", "nobody", "--scopes", "reports:write", "--data", data)
        .code()).isEqualTo(2);
    run("platforms", "add", "p1", "--data", data);
    Run bad = run("credentials", "create", "--platform", "p1", "--scopes", "reports:delete", "--data", data);
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown scope");
  }

  @Test
  void thePrivateSigningKeyIsReadableByItsOwnerOnly() throws Exception {
    SigningKey key = SigningKey.loadOrCreate(dir);
    Path file = dir.resolve(SigningKey.PRIVATE_FILE);
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(SigningKey.loadOrCreate(dir).keyId()).isEqualTo(key.keyId());
    assertThat(Files.readString(dir.resolve(SigningKey.PUBLIC_FILE)).strip()).isEqualTo(key.publicKeyBase64());
  }
}
