package dev.tether.transport.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS socket factory for {@link TlsSettings}: trusted CAs and the client's own key, from PEM files or a key store. */
final class TlsSocketFactories {

    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

    private TlsSocketFactories() {
    }

    /** @throws IllegalArgumentException naming the file or property at fault */
    static SSLSocketFactory create(TlsSettings tls) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(tls), trustManagers(tls), new SecureRandom());
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(TlsSettings tls) throws GeneralSecurityException {
        if (tls.caFile().isEmpty()) {
            return null; // the JVM's default trust
        }
        KeyStore trust = emptyKeyStore();
        int index = 0;
        for (Certificate certificate : certificates("caFile", tls.caFile())) {
            trust.setCertificateEntry("ca-" + index++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(TlsSettings tls) throws GeneralSecurityException {
        KeyStore keys;
        char[] password;
        if (!tls.keyStoreFile().isEmpty()) {
            password = tls.keyStorePassword().toCharArray();
            keys = KeyStore.getInstance(tls.keyStoreType());
            try (InputStream in = Files.newInputStream(Path.of(tls.keyStoreFile()))) {
                keys.load(in, password);
            } catch (IOException e) {
                throw new IllegalArgumentException("keyStoreFile " + tls.keyStoreFile() + " cannot be read (or "
                        + ".keyStorePassword is wrong): " + e.getMessage(), e);
            }
        } else if (!tls.certificateFile().isEmpty()) {
            password = new char[0];
            keys = emptyKeyStore();
            Certificate[] chain = certificates("certificateFile", tls.certificateFile()).toArray(Certificate[]::new);
            keys.setKeyEntry("client", privateKey(tls.privateKeyFile()), password, chain);
        } else {
            return null; // no client certificate
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        return factory.getKeyManagers();
    }

    private static Collection<? extends Certificate> certificates(String property, String file)
            throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(property + " " + file + " holds no certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new IllegalArgumentException(property + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** An unencrypted PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}), as openssl 3 writes by default. */
    private static PrivateKey privateKey(String file) {
        String pem;
        try {
            pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("privateKeyFile " + file + " cannot be read: " + e.getMessage(), e);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("privateKeyFile " + file
                    + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with"
                    + " 'openssl pkcs8 -topk8 -nocrypt' or use keyStoreFile");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("privateKeyFile " + file + " holds a key of none of " + KEY_ALGORITHMS);
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }
}
