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

    /** Waits up to 10 s; elements replaced while the page redraws are looked up again. */
    <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
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
