package io.amsfleet.web;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;

/**
 * Debian's headless Chromium driven through its chromedriver. Both are named by path, so that
 * Selenium never looks for (or downloads) a browser or driver of its own.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    /** A laptop screen, and a narrow window such as a phone or a half-screen browser. */
    static final Dimension LAPTOP = new Dimension(1366, 860);
    static final Dimension NARROW = new Dimension(420, 860);
    /** The wide laptop window of the layout checks: 1400 px, where nothing should be cut off. */
    static final Dimension WIDE = new Dimension(1400, 900);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /**
     * Selenium warns on every start that it has no DevTools bindings for this Chromium; the tests
     * use WebDriver only, so the warning is noise. Held here so the setting is not collected.
     */
    private static final java.util.logging.Logger[] QUIET = {
        java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
        java.util.logging.Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"),
    };

    static {
        for (java.util.logging.Logger logger : QUIET) {
            logger.setLevel(java.util.logging.Level.SEVERE);
        }
    }

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    Browser(String base) throws IOException {
        this.base = base;
        this.profile = Files.createTempDirectory("ams-web-chromium-");
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--lang=en-US", "--force-device-scale-factor=1",
                "--window-size=" + LAPTOP.width + "," + LAPTOP.height, "--user-data-dir=" + profile);
        // The console is where Chromium reports what the Content-Security-Policy blocked.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(LAPTOP);
    }

    WebDriver driver() {
        return driver;
    }

    String url(String path) {
        return base + path;
    }

    /** Opens a dashboard address signed in, as after the sign-in form. */
    void openSignedIn(String path, String token) {
        openSignedIn(base, path, token);
    }

    /** The same on another server (another origin, so its own sessionStorage). */
    void openSignedIn(String otherBase, String path, String token) {
        driver.get(otherBase + "/signin");
        script("sessionStorage.setItem('ams.token', arguments[0])", token);
        driver.get(otherBase + path);
    }

    void open(String path) {
        driver.get(url(path));
    }

    void signOutOfStorage() {
        script("sessionStorage.clear()");
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /**
     * Waits up to 10 s; elements replaced while the page redraws are looked up again. A wait that
     * runs out says what the page and the server were doing then: a CI log holds only the
     * message, so Selenium's own ("tried for 10 seconds") would leave nothing to go on.
     */
    <T> T waitUntil(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(10))
                    .ignoring(StaleElementReferenceException.class)
                    .until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(e.getMessage().lines().findFirst().orElse("timed out")
                    + "\n" + WaitDiagnosis.of(this), e);
        }
    }

    WebElement visible(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement visible(String css) {
        return visible(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean present(String css) {
        return !all(css).isEmpty();
    }

    void gone(String css) {
        waitUntil(d -> d.findElements(By.cssSelector(css)).isEmpty());
    }

    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** An element's accessible description: the text of the elements its aria-describedby names. */
    String description(WebElement element) {
        return (String) script("return arguments[0].getAttribute('aria-describedby').split(' ')"
                + ".map((id) => document.getElementById(id).textContent).join(' ')", element);
    }

    /**
     * What the browser refused under the server's Content-Security-Policy since the last call,
     * on every page opened meanwhile: Chromium reports each refusal on the console.
     */
    List<String> contentSecurityPolicyViolations() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy")).toList();
    }

    /** The path and query of the page shown. */
    String address() {
        return (String) script("return location.pathname + location.search");
    }

    /** A table whose rows have arrived from the server. */
    void tableLoaded() {
        waitUntil(d -> !d.findElements(By.cssSelector("table[aria-busy='false']")).isEmpty()
                && d.findElements(By.cssSelector("tr.skeleton-row")).isEmpty());
    }

    /** The open dialog, once its dry run (if any) has answered. */
    WebElement dialog() {
        WebElement dialog = visible("dialog[open]");
        waitUntil(d -> d.findElements(By.cssSelector("dialog[open] .loading-line")).isEmpty());
        return dialog;
    }

    void noDialog() {
        gone("dialog[open]");
    }

    String toast() {
        return visible(".toast .toast-text").getText();
    }

    /**
     * Saves what the window shows, at laptop width and in a narrow window, and checks that the
     * narrow page does not scroll sideways as a whole (wide tables scroll inside their own box).
     */
    void screenshots(String name) {
        screenshot(name);
        driver.manage().window().setSize(NARROW);
        try {
            screenshot(name + "-narrow");
            Number overflow = (Number) script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (overflow.intValue() > 0) {
                throw new AssertionError(name + ": in a narrow window the page is " + overflow + " px wider than the window");
            }
        } finally {
            driver.manage().window().setSize(LAPTOP);
        }
    }

    /**
     * Slows what the page sends to `bytesPerSecond` (Chromium's network emulation), so that an
     * upload over loopback lasts long enough to be watched; null ends it.
     */
    void throttleUploads(Integer bytesPerSecond) {
        if (bytesPerSecond == null) {
            driver.deleteNetworkConditions();
            return;
        }
        org.openqa.selenium.chromium.ChromiumNetworkConditions conditions = new org.openqa.selenium.chromium.ChromiumNetworkConditions();
        conditions.setUploadThroughput(bytesPerSecond);
        conditions.setDownloadThroughput(-1);
        conditions.setLatency(Duration.ZERO);
        driver.setNetworkConditions(conditions);
    }

    /** Runs `check` with the window at `size`, then returns it to laptop size. */
    void atSize(Dimension size, Runnable check) {
        driver.manage().window().setSize(size);
        try {
            script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
            check.run();
        } finally {
            driver.manage().window().setSize(LAPTOP);
        }
    }

    /**
     * Why the element's text is not shown in full, or null when it is: it overflows its own box
     * (ellipsis or clipping), or its box reaches outside an ancestor that clips it (a table cell).
     */
    String cutOff(WebElement element) {
        return (String) script("const el = arguments[0];"
                + "if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {"
                + "  return `its text is ${el.scrollWidth} px wide in a box of ${el.clientWidth} px`; }"
                + "const r = el.getBoundingClientRect();"
                + "for (let a = el.parentElement; a; a = a.parentElement) {"
                + "  const s = getComputedStyle(a);"
                + "  if (s.overflowX === 'visible' && s.overflowY === 'visible') { continue; }"
                + "  const b = a.getBoundingClientRect();"
                + "  if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1) {"
                + "    return `it reaches outside its <${a.tagName.toLowerCase()} class=\"${a.className}\">`"
                + "      + ` (${Math.round(r.left)}..${Math.round(r.right)} in ${Math.round(b.left)}..${Math.round(b.right)})`; }"
                + "  if (a.classList.contains('table-wrap')) { break; }"
                + "}"
                + "return null;", element);
    }

    /**
     * Why a click on the element's centre would not reach it, or null when it would: it lies
     * outside the window or its scroll box, or something else is drawn over it there.
     */
    String outOfReach(WebElement element) {
        // Scrolled to vertically only: scrolling it into view sideways would hide what is checked.
        return (String) script("const el = arguments[0];"
                + "window.scrollBy(0, el.getBoundingClientRect().top - innerHeight / 2);"
                + "const r = el.getBoundingClientRect();"
                + "const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;"
                + "if (r.left < 0 || r.right > document.documentElement.clientWidth) {"
                + "  return `it lies at x ${Math.round(r.left)}..${Math.round(r.right)} in a window ${document.documentElement.clientWidth} px wide`; }"
                + "const wrap = el.closest('.table-wrap');"
                + "if (wrap) { const w = wrap.getBoundingClientRect();"
                + "  if (r.left < w.left || r.right > w.right) {"
                + "    return `it lies at x ${Math.round(r.left)}..${Math.round(r.right)}, outside its table's visible part ${Math.round(w.left)}..${Math.round(w.right)}`; } }"
                + "const hit = document.elementFromPoint(x, y);"
                + "return hit && (hit === el || el.contains(hit)) ? null : `a <${hit?.tagName.toLowerCase()}> is drawn over it`;", element);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            // Let the resize reflow and transitions settle: the picture is for people to judge.
            script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 250))))");
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    static void deleteTree(Path root) {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }
}
