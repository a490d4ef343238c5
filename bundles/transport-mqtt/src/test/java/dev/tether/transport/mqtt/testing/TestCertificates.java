package dev.tether.transport.mqtt.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI made with the system's openssl: a CA, server certificates for 127.0.0.1 and
 * client certificates whose common name is a device id, all PEM, keys unencrypted PKCS#8.
 */
public final class TestCertificates {

    public static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private final Path directory;
    private final String name;

    private TestCertificates(Path directory, String name) {
        this.directory = directory;
        this.name = name;
    }

    public static boolean available() {
        return Files.isExecutable(OPENSSL);
    }

    /** Makes a new CA named {@code name} in {@code directory}. */
    public static TestCertificates newCa(Path directory, String name) throws IOException, InterruptedException {
        TestCertificates ca = new TestCertificates(Files.createDirectories(directory), name);
        ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", ca.key(name).toString(), "-out", ca.certificate(name).toString());
        return ca;
    }

    public Path caCertificate() {
        return certificate(name);
    }

    /** A server certificate for 127.0.0.1 signed by this CA. */
    public Path issueServer(String server) throws IOException, InterruptedException {
        return issue(server, "127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    }

    /** A client certificate with common name {@code commonName}, signed by this CA. */
    public Path issueClient(String commonName) throws IOException, InterruptedException {
        return issue(commonName, commonName, "extendedKeyUsage=clientAuth\n");
    }

    /** The PKCS#12 key store of an issued certificate and its key, protected by {@code password}. */
    public Path pkcs12(String issued, String password) throws IOException, InterruptedException {
        Path store = directory.resolve(issued + ".p12");
        openssl("pkcs12", "-export", "-in", certificate(issued).toString(), "-inkey", key(issued).toString(),
                "-name", issued, "-out", store.toString(), "-passout", "pass:" + password);
        return store;
    }

    public Path certificate(String issued) {
        return directory.resolve(issued + ".pem");
    }

    public Path key(String issued) {
        return directory.resolve(issued + ".key");
    }

    private Path issue(String issued, String commonName, String extensions) throws IOException, InterruptedException {
        Path csr = directory.resolve(issued + ".csr");
        Path extensionFile = Files.writeString(directory.resolve(issued + ".ext"), extensions);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + commonName, "-keyout", key(issued).toString(),
                "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", caCertificate().toString(), "-CAkey", key(name).toString(),
                "-CAcreateserial", "-days", "1", "-extfile", extensionFile.toString(), "-out",
                certificate(issued).toString());
        return certificate(issued);
    }

    private void openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(OPENSSL.toString());
        command.addAll(List.of(arguments));
        Path log = directory.resolve("openssl.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue("openssl timed out", process.waitFor(60, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
        assertEquals(command + ": " + Files.readString(log), 0, process.exitValue());
    }
}
