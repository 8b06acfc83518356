package io.tripline.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleAppOptionsTest {

  @Test
  void defaultsArePort8080AndTriplineDataHere() {
    SampleApp.Options options = SampleApp.Options.parse(new String[0], Map.of());
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.dataDir()).isEqualTo(Path.of("tripline-data"));
  }

  @Test
  void portComesFromTheEnvironmentUnlessTheCommandLineSaysOtherwise() {
    assertThat(SampleApp.Options.parse(new String[0], Map.of("PORT", "9000")).port()).isEqualTo(9000);
    assertThat(SampleApp.Options.parse(new String[] {"--port", "0"}, Map.of("PORT", "9000")).port()).isZero();
    assertThat(SampleApp.Options.parse(new String[] {"--port=7000", "--data=/tmp/ads"}, Map.of()))
        .isEqualTo(new SampleApp.Options(7000, Path.of("/tmp/ads"), false));
  }

  @Test
  void badArgumentsAreExplained() {
    assertThatThrownBy(() -> SampleApp.Options.parse(new String[] {"--port", "http"}, Map.of()))
        .hasMessageContaining("--port must be a port number");
    assertThatThrownBy(() -> SampleApp.Options.parse(new String[0], Map.of("PORT", "70000")))
        .hasMessageContaining("PORT must be a port number");
    assertThatThrownBy(() -> SampleApp.Options.parse(new String[] {"--data"}, Map.of()))
        .hasMessageContaining("--data needs a value");
    assertThatThrownBy(() -> SampleApp.Options.parse(new String[] {"--verbose"}, Map.of()))
        .hasMessageContaining("unknown argument '--verbose'");
  }

  @Test
  void htmlEscapingCoversTagsAttributesAndEntities() {
    assertThat(HomeServlet.escape("<a href=\"x\" title='y'>&amp;</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  }

  @Test
  void networkModeIsAFlag() {
    assertThat(SampleApp.Options.parse(new String[] {"--network", "--port", "9000"}, Map.of()))
        .isEqualTo(new SampleApp.Options(9000, Path.of(SampleApp.DEFAULT_DATA_DIR), false, true));
    assertThat(SampleApp.Options.parse(new String[0], Map.of()).network()).isFalse();
    assertThat(SampleApp.USAGE).contains("--network");
  }
}
