package dev.rdg.serve;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.Assume.assumeTrue;

import dev.rdg.mapping.Retention;
import dev.rdg.cli.IngestedNetflix;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSinks;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code rdg serve}'s page in a real headless browser (Debian's {@code chromium} driven by its
 * {@code chromedriver}, both installed by {@code .ci/run}): it draws account a1 of the Netflix sample with
 * its neighbours, and a real mouse click on a profile expands it. Skipped, saying so, only when Chromium is
 * not installed outside CI; under {@code CI=true} it always runs.
 *
 * <p>A unit test rather than an IT so that it shares the JVM's one ingest of the sample; the browser adds
 * about two seconds.
 */
@RunWith(JUnit4.class)
public class GraphPageBrowserTest {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private GraphReader graph;
  private GraphServer server;
  private WebDriver browser;

  @Before
  public void start() throws Exception {
    boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    if (!installed && !"true".equals(System.getenv("CI"))) {
      System.out.println("SKIPPED GraphPageBrowserTest: /usr/bin/chromium or /usr/bin/chromedriver is missing "
          + "(apt-get install chromium chromium-driver; .ci/run does)");
    }
    assumeTrue("Chromium and ChromeDriver are installed (required under CI=true)",
        installed || "true".equals(System.getenv("CI")));
    graph = GraphSinks.fromUri(IngestedNetflix.sink()).openReader();
    server = GraphServer.start(graph, Retention.NONE, new InetSocketAddress("127.0.0.1", 0));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,900", "--user-data-dir=" + tmp.newFolder("chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @After
  public void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (graph != null) {
      graph.close();
    }
  }

  private void waitUntilReady(String what) {
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .withMessage(() -> what + "; status: " + browser.findElement(By.id("status")).getText())
        .until(b -> "ready".equals(b.findElement(By.id("status")).getAttribute("data-state")));
  }

  private List<String> shownNodes() {
    return browser.findElements(By.cssSelector("#node-list li")).stream()
        .map(li -> li.getAttribute("data-key"))
        .collect(Collectors.toList());
  }

  private Object script(String js, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(js, args);
  }

  /**
   * Under a retention that expires devices after 2 h, a3/0's edge to the expired d-a3-tv (streamed_from has
   * no ttl) still comes: the page draws its end as a bare node instead of failing to add the edge.
   */
  @Test
  public void testDrawsAnEdgeWhoseEndNodeExpired() throws Exception {
    server.close();
    server =
        GraphServer.start(
            graph,
            Retention.of(Map.of("device", org.joda.time.Duration.standardHours(2)), Map.of()),
            new InetSocketAddress("127.0.0.1", 0));
    browser.get(server.uri() + "?node=profile:a3/0");
    waitUntilReady("a3/0's neighbourhood did not load");
    assertThat(shownNodes(), hasItem("device:d-a3-tv"));
    assertThat(
        script("return window.rdg.cy.getElementById('device:d-a3-tv').connectedEdges()"
            + ".map(e => e.data('type')).join(',')"),
        equalTo("streamed_from"));
  }

  /** The page draws a1 with its 3 profiles and 3 devices; clicking Ana adds her show, game and devices. */
  @Test
  public void testDrawsNeighboursAndExpandsOnClick() throws Exception {
    browser.get(server.uri() + "?node=account:a1");
    waitUntilReady("a1's neighbourhood did not load");
    assertThat(
        shownNodes(),
        contains(
            "account:a1", "device:d-a1-phone", "device:d-a1-tablet", "device:d-a1-tv", "profile:a1/0",
            "profile:a1/1", "profile:a1/2"));
    assertThat(((Number) script("return window.rdg.cy.edges().length")).intValue(), equalTo(6));
    assertThat(
        browser.findElements(By.cssSelector("#legend span")).stream()
            .map(WebElement::getText)
            .collect(Collectors.toList()),
        contains("account", "profile", "device"));
    assertThat(
        script("return window.rdg.cy.edges().map(e => e.data('type')).sort().join(',')"),
        equalTo("has_profile,has_profile,has_profile,logged_in_from,logged_in_from,logged_in_from"));

    // A real mouse click where Cytoscape drew Ana's node.
    @SuppressWarnings("unchecked")
    Map<String, Number> at =
        (Map<String, Number>)
            script(
                "const p = window.rdg.cy.getElementById(arguments[0]).renderedPosition();"
                    + "const r = document.getElementById('graph').getBoundingClientRect();"
                    + "return {x: Math.round(r.left + p.x), y: Math.round(r.top + p.y)};",
                "profile:a1/0");
    new Actions(browser).moveToLocation(at.get("x").intValue(), at.get("y").intValue()).click().perform();
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .withMessage(() -> "clicking Ana did not expand her; shown: " + shownNodes())
        .until(b -> shownNodes().contains("game:g:oxenfree"));
    waitUntilReady("Ana's neighbourhood did not load");
    assertThat(shownNodes(), hasItems("title:tt:0042|a", "game:g:oxenfree", "profile:a1/0"));
    assertThat(((Number) script("return window.rdg.cy.nodes().length")).intValue(), equalTo(9));
    assertThat(browser.findElement(By.id("details")).getText().contains("Ana"), equalTo(true));
    Path screenshot = Path.of("target", "graph-page.png");
    Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
