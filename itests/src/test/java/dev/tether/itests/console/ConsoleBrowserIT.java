package dev.tether.itests.console;

import static dev.tether.itests.console.Expect.assertContains;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tether.itests.support.CloudService;
import dev.tether.itests.support.GatewayConfiguration;
import dev.tether.itests.support.GatewayProcess;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;

import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin console end to end in headless Chromium against the real gateway distribution (its
 * own launcher, a real mosquitto and the real cloud): log in with the password the gateway
 * generated and printed, watch the Tether page, write an item and see it arrive, page through the
 * item browser, press "Sync now", retry and discard a dead letter the cloud's rejection made, and
 * change a Tether setting on the Web Console's Configuration page and see it in force.
 */
public class ConsoleBrowserIT {

    private static final String DEVICE = "browser-gateway-6";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LOGIN = Pattern.compile("Web Console login generated: user (\\S+), password (\\S+) ");
    /** Every Tether configuration PID with the name its metatype gives it. */
    private static final Map<String, String> TETHER_PIDS = Map.of(
            "dev.tether.schema", "Tether schema",
            "dev.tether.store.derby", "Tether local store (Derby)",
            "dev.tether.transport.mqtt", "Tether MQTT transport",
            "dev.tether.replication", "Tether replication engine",
            "dev.tether.sample.sensor", "Tether sample sensor",
            "dev.tether.console", "Tether console");

    private final Path distribution = TestSystem.distribution();
    private final Path config = TestSystem.config();
    private final Path work = TestSystem.newWorkFolder("browser");
    private final Path screenshots = Path.of(System.getProperty("tether.screenshots.dir"));
    private MosquittoBroker broker;
    private CloudService cloud;
    private GatewayProcess gateway;
    private HeadlessChromium chromium;

    @After
    public void stopAll() {
        if (chromium != null) {
            chromium.close();
        }
        if (gateway != null) {
            gateway.stop();
        }
        if (cloud != null) {
            cloud.stop();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    public void anOperatorSeesAndSteersSyncFromTheBrowser() throws Exception {
        broker = MosquittoBroker.start(work.resolve("mosquitto"));
        cloud = CloudService.start(distribution, work.resolve("cloud"), broker.uri());
        GatewayConfiguration configuration = new GatewayConfiguration(config)
                .set("dev.tether.schema", "schemaPath", config.resolve("schema.json").toString())
                .set("dev.tether.store.derby", "databasePath", work.resolve("store").toString())
                .set("dev.tether.transport.mqtt", "brokerUri", broker.uri())
                .set("dev.tether.transport.mqtt", "clientId", DEVICE)
                .set("dev.tether.replication", "deviceId", DEVICE)
                .set("dev.tether.sample.sensor", "deviceId", DEVICE)
                .set("dev.tether.sample.sensor", "intervalMillis", "500");
        int port = MosquittoBroker.freePort();
        gateway = GatewayProcess.start(distribution, configuration.writeTo(work.resolve("load")), work, "gateway", port);
        Matcher login = LOGIN.matcher(gateway.awaitLine(LOGIN.pattern(), WAIT));
        assertEquals(true, login.find());
        String user = login.group(1);
        String password = login.group(2);
        String console = "http://127.0.0.1:" + port + "/system/console";
        GatewayHttp api = new GatewayHttp(port);
        await("gateway HTTP API").atMost(WAIT).ignoreExceptions().until(() -> api.get("/tether/api/status").status() == 200);

        chromium = new HeadlessChromium(work, screenshots);
        try {
            operate(chromium.driver(), api, console, user, password, port);
        } catch (Exception | AssertionError e) {
            chromium.saveEvidence("failure");
            throw e;
        }
    }

    private void operate(WebDriver browser, GatewayHttp api, String console, String user, String password, int port) throws Exception {
        browser.get("http://" + user + ":" + password + "@127.0.0.1:" + port + "/system/console/tether");

        // connection, device and the acknowledgements of the sensor's readings, refreshed in place
        awaitText(browser, By.id("tether-device-id"), DEVICE);
        awaitText(browser, By.id("tether-connected"), "connected");
        await("acknowledged changes counted").atMost(WAIT).ignoreExceptions()
                .until(() -> Long.parseLong(browser.findElement(By.id("tether-acknowledged")).getText()) > 0);
        assertContains(browser.findElement(By.id("tether-models")).getText(), "Reading up both");
        await("conflict log shown").atMost(WAIT).until(() -> !browser.findElement(By.id("tether-conflicts")).getText()
                .contains("not available"));
        awaitText(browser, By.id("tether-oldest-pending"), " s");
        awaitText(browser, By.id("tether-progress-text"), "pages");

        // a device item arrives: search for it before it exists, then write it as a gateway application would
        String id = "01JBR0WSER0000000000000001";
        new Select(browser.findElement(By.id("tether-item-model"))).selectByVisibleText("Fault");
        browser.findElement(By.id("tether-key-deviceId")).sendKeys(DEVICE);
        browser.findElement(By.id("tether-key-id")).sendKeys(id);
        browser.findElement(By.id("tether-item-find")).click();
        awaitText(browser, By.id("tether-item-result"), "no Fault item");
        assertEquals(200, api.put("/tether/api/items/Fault", Map.of("deviceId", DEVICE, "id", id, "code", "E-BROWSER-1")).status());
        awaitText(browser, By.id("tether-item-result"), "\"code\": \"E-BROWSER-1\"");

        // the item browser lists the device's faults a page at a time, and the models count them
        String secondId = "01JBR0WSER0000000000000002";
        assertEquals(200, api.put("/tether/api/items/Fault", Map.of("deviceId", DEVICE, "id", secondId, "code", "E-BROWSER-2")).status());
        awaitText(browser, By.id("tether-models"), "Fault both both pk, sk ← deviceId, id 2");
        browser.findElement(By.id("tether-key-id")).clear();
        WebElement pageSize = browser.findElement(By.id("tether-item-limit"));
        pageSize.clear();
        pageSize.sendKeys("1");
        browser.findElement(By.id("tether-item-find")).click();
        awaitText(browser, By.id("tether-item-result"), "\"code\": \"E-BROWSER-1\"");
        await("a next page offered").atMost(WAIT).ignoreExceptions()
                .until(() -> browser.findElement(By.id("tether-item-next")).isDisplayed());
        browser.findElement(By.id("tether-item-next")).click();
        awaitText(browser, By.id("tether-item-result"), "\"code\": \"E-BROWSER-2\"");
        await("the last page").atMost(WAIT).ignoreExceptions()
                .until(() -> !browser.findElement(By.id("tether-item-next")).isDisplayed()
                        && !browser.findElement(By.id("tether-item-result")).getText().contains("E-BROWSER-1"));

        // a change the cloud rejects (a fault in another device's name) becomes a dead letter with the reason
        assertEquals(200, api.put("/tether/api/items/Fault", Map.of("deviceId", "another-gateway", "id", "DEAD", "code", "E-NOT-MINE")).status());
        long rejected = awaitDeadLetter(api, -1);
        awaitText(browser, By.xpath(deadLetterRow(rejected)), "a device may write only its own items");
        awaitText(browser, By.id("tether-dead-letter-count"), "1");
        chromium.screenshot("tether-page");

        // Retry puts it back into the outbox: it is sent again, rejected again, and set aside anew
        press(browser, deadLetterRow(rejected) + "//button[normalize-space(.)='Retry']");
        awaitText(browser, By.id("tether-message"), "back in the outbox");
        long again = awaitDeadLetter(api, rejected);
        awaitText(browser, By.xpath(deadLetterRow(again)), "a device may write only its own items");

        // Discard forgets it; the item stays on the device
        press(browser, deadLetterRow(again) + "//button[normalize-space(.)='Discard']");
        awaitText(browser, By.id("tether-message"), "discarded");
        awaitText(browser, By.id("tether-dead-letters"), "none");
        assertEquals(200, api.get("/tether/api/items/Fault?deviceId=another-gateway&id=DEAD").status());

        browser.findElement(By.id("tether-sync-now")).click();
        awaitText(browser, By.id("tether-message"), "sync started");
        await("outbox drained").atMost(WAIT).ignoreExceptions()
                .until(() -> browser.findElement(By.id("tether-outbox-depth")).getText().equals("0")
                        || api.get("/tether/api/status").text().contains("\"outboxDepth\":0"));

        // every Tether PID is on the Configuration page under its metatype name; change the console's refresh interval
        browser.get(console + "/configMgr");
        for (Map.Entry<String, String> pid : TETHER_PIDS.entrySet()) {
            WebElement row = await("configuration " + pid.getKey()).atMost(WAIT).ignoreExceptions()
                    .until(() -> browser.findElement(By.xpath("//span[@class='pid' and text()='" + pid.getKey() + "']/..")), e -> e != null);
            assertContains(pid.getKey(), row.getText(), pid.getValue());
        }
        browser.findElement(By.xpath("//span[@class='pid' and text()='dev.tether.console']/..")).click();
        WebElement interval = await("configuration form").atMost(WAIT).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("#editorForm [name='refreshIntervalMillis']")), WebElement::isDisplayed);
        String form = browser.findElement(By.id("editorForm")).getText();
        assertContains(form, "Refresh interval (ms)");
        assertContains(form, "How often the Tether page of the Web Console fetches the status again.");
        interval.clear();
        interval.sendKeys("1500");
        chromium.screenshot("configuration");
        List<WebElement> save = browser.findElements(By.xpath("//div[contains(@class,'ui-dialog-buttonpane')]//button[normalize-space(.)='Save']"));
        save.get(0).click();
        await("the new interval in force without a restart").atMost(WAIT)
                .until(() -> api.get("/tether/api/status").text().contains("\"refreshIntervalMillis\":1500"));

        browser.get(console + "/tether");
        awaitText(browser, By.id("tether-statline"), "refreshing every 1500 ms");
        awaitText(browser, By.id("tether-device-id"), DEVICE);
        chromium.screenshot("tether-page-after-configuration");
    }

    private static String deadLetterRow(long id) {
        return "//*[@id='tether-dead-letters']//tr[@data-id='" + id + "']";
    }

    /** Clicks the button once; the page redraws its lists on every refresh, so a click may meet a replaced button and is tried again. */
    private static void press(WebDriver browser, String buttonXpath) {
        await("pressed " + buttonXpath).atMost(WAIT).ignoreExceptions().until(() -> {
            browser.findElement(By.xpath(buttonXpath)).click();
            return true;
        });
    }

    /** The id of the Fault DEAD's dead letter once there is one other than {@code previous}. */
    @SuppressWarnings("unchecked")
    private static long awaitDeadLetter(GatewayHttp api, long previous) {
        return await("a dead letter other than " + previous).atMost(WAIT).ignoreExceptions().until(() -> {
            List<Map<String, Object>> letters = (List<Map<String, Object>>) api.get("/tether/api/dead-letters").json().get("items");
            return letters.stream().filter(letter -> "Fault#DEAD".equals(((Map<String, Object>) letter.get("key")).get("sk")))
                    .map(letter -> ((Number) letter.get("id")).longValue()).filter(id -> id != previous).findFirst().orElse(-1L);
        }, id -> id >= 0);
    }

    private static void awaitText(WebDriver browser, By locator, String expected) {
        await(locator + " showing '" + expected + "'").atMost(WAIT).ignoreExceptions()
                .until(() -> browser.findElement(locator).getText().contains(expected));
    }
}
