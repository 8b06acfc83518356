package io.tripline.sample;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian {@code chromium} driven through its {@code chromedriver}, for a test class:
 * {@code @RegisterExtension static final Browser browser = new Browser();}. Selenium is pointed at
 * both binaries, so it downloads nothing.
 *
 * <p>Without {@value #CHROMIUM} or {@value #CHROMEDRIVER} the tests fail under {@code CI=true}
 * (CI installs both through {@code .ci/run}) and are aborted with a message otherwise. Screenshots
 * go to {@code target/screenshots/}, kept as a test artifact.
 */
final class Browser implements BeforeAllCallback, AfterAllCallback {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private ChromeDriverService service;
  private ChromeDriver driver;
  private Path profile;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String missing = missing();
    if (missing != null) {
      String message = missing + " is missing: the browser tests need Debian's chromium and chromium-driver "
          + "(apt-get install chromium chromium-driver, as .ci/run does)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    profile = Files.createTempDirectory("tripline-chromium");
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (service != null) {
        service.stop();
      }
      if (profile != null) {
        deleteQuietly(profile);
      }
    }
  }

  /** The driver; only after the extension started it. */
  WebDriver driver() {
    if (driver == null) {
      throw new IllegalStateException("the browser is not running");
    }
    return driver;
  }

  /** Saves the current page as {@code target/screenshots/<name>.png}; returns the file. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver()).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the screenshot " + name, e);
    }
  }

  private static String missing() {
    for (String binary : new String[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(Path.of(binary))) {
        return binary;
      }
    }
    return null;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary profile is harmless.
    }
  }
}
