package dev.tether.itests.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium in headless mode, driven through Debian's chromedriver: nothing is downloaded,
 * a fresh profile each time, and no background traffic.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path screenshots;

    HeadlessChromium(Path workDir, Path screenshots) throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("install the Debian packages chromium and chromium-driver");
        }
        Path profile = Files.createDirectories(workDir.resolve("chromium-profile"));
        this.screenshots = Files.createDirectories(screenshots);
        this.service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withLogFile(workDir.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1700");
        this.driver = new ChromeDriver(service, options);
    }

    WebDriver driver() {
        return driver;
    }

    Path screenshot(String name) throws IOException {
        Path target = screenshots.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** A screenshot and the page's HTML, to see what went wrong. */
    void saveEvidence(String name) throws IOException {
        screenshot(name);
        Files.writeString(screenshots.resolve(name + ".html"), String.valueOf(driver.getPageSource()));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
