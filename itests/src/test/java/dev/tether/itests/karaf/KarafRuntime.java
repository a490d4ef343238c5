package dev.tether.itests.karaf;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.tether.itests.support.ProcessCleanup;

/**
 * A throwaway Apache Karaf unpacked from its distribution archive into a test directory, resolving
 * Maven URLs offline: from its own {@code system/} folder, from the build's local repository (read
 * only) and from a test repository holding the Tether artifacts the reactor just built.
 */
final class KarafRuntime {

    private final Path home;
    private Process process;

    private KarafRuntime(Path home) {
        this.home = home;
    }

    /** Unpacks {@code archive} (an apache-karaf tar.gz) into {@code dir} and returns the Karaf in it. */
    static KarafRuntime unpack(Path archive, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("tar failed on " + archive + ": " + output);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            Path home = entries.filter(entry -> entry.getFileName().toString().startsWith("apache-karaf-"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no apache-karaf-* folder in " + archive));
            return new KarafRuntime(home);
        }
    }

    Path home() {
        return home;
    }

    Path etc(String file) {
        return home.resolve("etc").resolve(file);
    }

    /**
     * Makes Karaf resolve Maven URLs without the network: {@code localRepository} is a test folder
     * (Karaf caches what it resolves there, never in the shared repository), Karaf's {@code system/}
     * and the given repositories are the only sources.
     */
    void resolveOffline(Path localRepository, Path... repositories) throws IOException {
        StringBuilder defaults = new StringBuilder("${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots");
        for (int i = 0; i < repositories.length; i++) {
            defaults.append(", ").append(repositories[i].toUri()).append("@id=offline").append(i).append("@snapshots");
        }
        Files.writeString(etc("org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "org.ops4j.pax.url.mvn.localRepository=" + localRepository.toAbsolutePath(),
                "org.ops4j.pax.url.mvn.defaultRepositories=" + defaults,
                "org.ops4j.pax.url.mvn.repositories=",
                "org.ops4j.pax.url.mvn.useFallbackRepositories=false",
                ""), StandardCharsets.UTF_8);
    }

    /**
     * Boots with Karaf's standard and framework repositories plus {@code featureRepository}, and the
     * given features after Karaf's own boot features, without the SSH server and JMX (no fixed ports).
     */
    void bootFeatures(Path featureRepository, List<String> features) throws IOException {
        List<String> karafBoot = List.of("instance", "package", "log", "framework", "system", "eventadmin", "feature",
                "shell", "service", "jaas", "deployer", "diagnostic", "bundle", "config", "kar");
        String boot = String.join(", ", karafBoot) + ", " + String.join(", ", features);
        String version = home.getFileName().toString().replace("apache-karaf-", "");
        Files.writeString(etc("org.apache.karaf.features.cfg"), String.join("\n",
                "featuresRepositories = mvn:org.apache.karaf.features/standard/" + version + "/xml/features, \\",
                "    mvn:org.apache.karaf.features/framework/" + version + "/xml/features, \\",
                "    " + featureRepository.toUri(),
                "featuresBoot = " + boot,
                "featuresBootAsynchronous = false",
                ""), StandardCharsets.UTF_8);
    }

    /** Writes {@code etc/<pid>.cfg} before the start: Karaf's FileInstall reads it and the feature keeps it. */
    void configure(String pid, String content) throws IOException {
        Files.writeString(etc(pid + ".cfg"), content, StandardCharsets.UTF_8);
    }

    /** Starts {@code bin/karaf server} (no console) in its own JVM; its output goes to {@code karaf.out}. */
    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("JAVA_MAX_MEM", "256m");
        process = builder.start();
        ProcessCleanup.killOnExit(process.toHandle());
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Karaf's own log: the place to look when a test fails. */
    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        String karafLog = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no data/log/karaf.log)";
        Path out = home.resolve("karaf.out");
        return karafLog + "\n--- karaf.out ---\n" + (Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "");
    }

    /** SIGTERM to the Karaf JVM (its shutdown hook stops the framework), then waits until it and its launcher are gone. */
    void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        all.forEach(ProcessHandle::destroy);
        await("Karaf stopped").atMost(Duration.ofSeconds(30)).until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** Copies {@code jar} into {@code repository} at its Maven path, as if it had been deployed there. */
    static void deploy(Path repository, String groupId, String artifactId, String version, String classifier, String type,
            Path file) throws IOException {
        Path dir = repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version);
        Files.createDirectories(dir);
        String name = artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + type;
        Files.copy(file, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
