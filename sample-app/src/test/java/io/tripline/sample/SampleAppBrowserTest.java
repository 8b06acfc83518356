package io.tripline.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The sample app in a real browser: the home page, posting an ad, signing in to the review pages. */
class SampleAppBrowserTest {

  @RegisterExtension
  static final Browser browser = new Browser();

  @TempDir
  static Path data;

  private static SampleApp app;

  @BeforeAll
  static void startApp() {
    app = SampleApp.start(0, data, ReviewLoginTest.USERS);
  }

  @AfterAll
  static void stopApp() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void adPostedThroughTheFormIsListed() throws Exception {
    WebDriver driver = browser.driver();
    driver.get(app.uri().toString());
    assertThat(driver.getTitle()).isEqualTo("Tripline demo classifieds");

    driver.findElement(By.name("title")).sendKeys("Garden bench <b>oak</b>");
    driver.findElement(By.name("text")).sendKeys("Solid & sturdy, collect only.");
    driver.findElement(By.name("image")).sendKeys(Path.of("demo", "clean.jpg").toAbsolutePath().toString());
    driver.findElement(By.cssSelector("form button[type=submit]")).click();

    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.ad")));
    assertThat(driver.findElement(By.cssSelector("article.ad")).getText())
        .contains("Garden bench <b>oak</b>")
        .contains("Solid & sturdy, collect only.");
    assertThat(driver.findElements(By.cssSelector("article.ad b"))).isEmpty();
    Path screenshot = browser.screenshot("sample-app-home");
    assertThat(Files.size(screenshot)).isPositive();
  }

  @Test
  void reviewerSignsInAndSeesThePlaceholder() {
    WebDriver driver = browser.driver();
    driver.get(app.uri().resolve("/review/").toString());
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.name("j_username")));
    browser.screenshot("review-login");

    driver.findElement(By.name("j_username")).sendKeys(DemoUsers.REVIEWER);
    driver.findElement(By.name("j_password")).sendKeys(ReviewLoginTest.USERS.reviewerPassword());
    driver.findElement(By.cssSelector("form button[type=submit]")).click();

    new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.titleContains("Review queue"));
    assertThat(driver.findElement(By.cssSelector("header .who")).getText()).contains("reviewer");
    // The stylesheet applied under the strict CSP: the header has its background colour.
    assertThat(driver.findElement(By.cssSelector("header.site")).getCssValue("background-color"))
        .isNotIn("rgba(0, 0, 0, 0)", "transparent");
    browser.screenshot("review-placeholder");

    driver.findElement(By.cssSelector("main form button[type=submit]")).click();
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.titleIs("Tripline demo classifieds"));
  }
}
