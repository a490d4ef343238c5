package dev.tether.cloud;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonParser;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** CloudMain as a real process: the ready line, environment overrides, fail-fast configuration, shutdown. */
public class CloudMainProcessTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Process process;

    @After
    public void stopProcess() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    public void startsPrintsOneReadyLineServesAndStopsOnSigterm() throws Exception {
        Path dataDir = temp.getRoot().toPath().resolve("data");
        Path config = writeConfig("broker.port=0", "http.port=8", "data.dir=" + dataDir.toString().replace("\\", "/"));
        // the environment overrides the file's (unusable) HTTP port
        ProcessBuilder builder = cloudMain("--config", config.toString());
        builder.environment().put("TETHER_CLOUD_HTTP_PORT", "0");
        process = builder.start();
        List<String> stdout = collect(process.getInputStream());
        List<String> stderr = collect(process.getErrorStream());

        await().atMost(Duration.ofSeconds(60)).until(() -> !stdout.isEmpty() || !process.isAlive());
        assertTrue("stdout " + stdout + "\nstderr " + String.join("\n", stderr), process.isAlive());
        String ready = stdout.get(0);
        assertTrue(ready, ready.matches("Tether cloud ready: broker tcp://127\\.0\\.0\\.1:\\d+, HTTP http://127\\.0\\.0\\.1:\\d+/api/status"));

        String statusUri = ready.substring(ready.indexOf("HTTP ") + "HTTP ".length());
        HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(statusUri)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode());
        assertTrue(status.body(), JsonParser.parseString(status.body()).getAsJsonObject().get("connected").getAsBoolean());

        process.destroy();
        assertTrue("the process stops on SIGTERM", process.waitFor(30, TimeUnit.SECONDS));
        assertEquals("stdout carries only the ready line", List.of(ready), stdout);
        String derbyLog = Files.readString(dataDir.resolve("derby.log"));
        assertTrue(derbyLog, derbyLog.contains("Shutting down instance"));
    }

    @Test
    public void aWrongConfigurationFailsFastNamingTheProperty() throws Exception {
        Path config = writeConfig("http.port=99999");

        process = cloudMain("--config", config.toString()).start();
        List<String> stdout = collect(process.getInputStream());
        List<String> stderr = collect(process.getErrorStream());

        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        await().atMost(Duration.ofSeconds(5)).until(() -> !stderr.isEmpty());
        assertTrue(String.join("\n", stderr), stderr.get(0).startsWith("Tether cloud: configuration error: http.port must be a port number"));
        assertTrue(stdout.toString(), stdout.isEmpty());
    }

    @Test
    public void anUnknownPropertyFailsFast() throws Exception {
        Path config = writeConfig("brokr.port=1883");

        process = cloudMain("--config", config.toString()).start();
        List<String> stderr = collect(process.getErrorStream());

        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        await().atMost(Duration.ofSeconds(5)).until(() -> !stderr.isEmpty());
        assertTrue(String.join("\n", stderr), stderr.get(0).contains("unknown property 'brokr.port'"));
    }

    private Path writeConfig(String... lines) throws IOException {
        Path file = temp.newFile().toPath();
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private ProcessBuilder cloudMain(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                CloudMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.directory(temp.getRoot());
        builder.environment().keySet().removeIf(name -> name.startsWith("TETHER_CLOUD_"));
        return builder;
    }

    private static List<String> collect(InputStream stream) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "test-output-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
