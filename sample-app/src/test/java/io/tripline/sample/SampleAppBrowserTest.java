package io.tripline.sample;

import java.util.List;
import java.net.URI;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.WebElement;
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
  void reviewerSignsInAndSeesTheQueue() {
    WebDriver driver = browser.driver();
    driver.get(app.uri().resolve("/review/").toString());
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.name("j_username")));
    browser.screenshot("review-login");

    signIn(driver);
    assertThat(driver.findElement(By.cssSelector("header .who")).getText()).contains("reviewer");
    // The stylesheet applied under the strict CSP: the header has its background colour.
    assertThat(driver.findElement(By.cssSelector("header.site")).getCssValue("background-color"))
        .isNotIn("rgba(0, 0, 0, 0)", "transparent");

    signOut(driver);
  }

  /**
   * The walk-through: the reviewer signs in, finds the flagged demo ad in the queue, opens
   * it (image blurred and greyscale), reveals the image, removes the ad with a reason; the item
   * leaves the queue, its audit trail shows the reveal and the decision, and the ad is gone from
   * the site.
   */
  @Test
  void reviewerRevealsAndDecidesTheFlaggedDemoAd() {
    WebDriver driver = browser.driver();
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    driver.get(app.uri().toString());
    assertThat(driver.findElement(By.tagName("body")).getText()).contains("demo ad held for review");

    driver.get(app.uri().resolve("/review/").toString());
    signIn(driver);
    List<WebElement> rows = driver.findElements(By.cssSelector("table.queue tbody tr"));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getText()).contains("HIGH").contains("trafficking").contains("flag-trafficking-lead");
    browser.screenshot("review-queue");

    WebElement link = rows.get(0).findElement(By.cssSelector("a[href*='/review/items/']"));
    String itemUrl = link.getAttribute("href");
    link.click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("decision")));
    assertThat(driver.findElements(By.cssSelector("mark"))).isNotEmpty();
    WebElement blurred = driver.findElement(By.cssSelector("figure.preview.protected img"));
    wait.until(d -> imageLoaded(blurred));
    browser.screenshot("review-item");
    scrollTo(driver, blurred);
    browser.screenshot("review-item-files");

    driver.findElement(By.xpath("//button[normalize-space()='Reveal images']")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("figure.preview:not(.protected) img")));
    WebElement clear = driver.findElement(By.cssSelector("figure.preview img"));
    wait.until(d -> imageLoaded(clear));
    scrollTo(driver, clear);
    assertThat(driver.findElement(By.cssSelector("ol.audit")).getText()).containsIgnoringCase("reveal");
    browser.screenshot("review-item-revealed");

    driver.findElement(By.cssSelector("input[name=kind][value=REMOVE]")).click();
    new Select(driver.findElement(By.id("reasonCode"))).selectByValue("SCAM_OR_SPAM");
    driver.findElement(By.id("note")).sendKeys("Demo: a trafficking lead, taken down.");
    driver.findElement(By.xpath("//button[normalize-space()='Record decision']")).click();

    wait.until(ExpectedConditions.titleContains("Review queue"));
    assertThat(driver.findElements(By.cssSelector("a[href='" + URI.create(itemUrl).getPath() + "']"))).isEmpty();
    browser.screenshot("review-queue-after-decision");

    driver.get(itemUrl);
    String audit = driver.findElement(By.cssSelector("ol.audit")).getText();
    assertThat(audit).contains("reviewer").contains("REMOVE").contains("SCAM_OR_SPAM").contains("DECIDED");
    assertThat(driver.findElement(By.cssSelector("ol.audit")).getText()).contains("taken down");

    driver.get(app.uri().toString());
    assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain("demo ad held for review");
    driver.get(app.uri().resolve("/review/").toString());
    signOut(driver);
  }

  private static void scrollTo(WebDriver driver, WebElement element) {
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});",
        element);
  }

  private static boolean imageLoaded(WebElement img) {
    String width = img.getDomProperty("naturalWidth");
    return width != null && Integer.parseInt(width) > 0;
  }

  /** Signs the demo reviewer in from the login page the browser is on, if it is on it. */
  private static void signIn(WebDriver driver) {
    if (!driver.findElements(By.name("j_username")).isEmpty()) {
      driver.findElement(By.name("j_username")).sendKeys(DemoUsers.REVIEWER);
      driver.findElement(By.name("j_password")).sendKeys(ReviewLoginTest.USERS.reviewerPassword());
      driver.findElement(By.cssSelector("form button[type=submit]")).click();
    }
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.titleContains("Review queue"));
  }

  private static void signOut(WebDriver driver) {
    driver.findElement(By.cssSelector("header form.sign-out button")).click();
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.titleIs("Tripline demo classifieds"));
  }
}
