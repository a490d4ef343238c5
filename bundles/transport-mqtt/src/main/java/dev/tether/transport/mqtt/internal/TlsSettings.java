package dev.tether.transport.mqtt.internal;

/**
 * Where TLS trust and the client's own identity come from. Empty strings mean "not set".
 *
 * @param caFile PEM file of the CA certificate(s) the broker's certificate must chain to; empty: the JVM's trust store
 * @param certificateFile PEM file of the client certificate (chain), for mutual TLS
 * @param privateKeyFile PEM file of the client certificate's private key (unencrypted PKCS#8)
 * @param keyStoreFile key store holding the client certificate and key instead of the two PEM files
 * @param keyStorePassword its password (also the key's); never logged
 * @param keyStoreType its type, {@code PKCS12} by default
 */
record TlsSettings(String caFile, String certificateFile, String privateKeyFile, String keyStoreFile,
        String keyStorePassword, String keyStoreType) {

    static final TlsSettings NONE = new TlsSettings("", "", "", "", "", "PKCS12");

    TlsSettings {
        caFile = orEmpty(caFile);
        certificateFile = orEmpty(certificateFile);
        privateKeyFile = orEmpty(privateKeyFile);
        keyStoreFile = orEmpty(keyStoreFile);
        keyStorePassword = keyStorePassword == null ? "" : keyStorePassword;
        keyStoreType = keyStoreType == null || keyStoreType.isBlank() ? "PKCS12" : keyStoreType.trim();
        if (certificateFile.isEmpty() != privateKeyFile.isEmpty()) {
            throw new IllegalArgumentException("certificateFile and privateKeyFile must be set together");
        }
        if (!certificateFile.isEmpty() && !keyStoreFile.isEmpty()) {
            throw new IllegalArgumentException("set either certificateFile and privateKeyFile or keyStoreFile, not both");
        }
    }

    static TlsSettings withCa(String caFile) {
        return new TlsSettings(caFile, "", "", "", "", "");
    }

    TlsSettings withClientPem(String certificate, String privateKey) {
        return new TlsSettings(caFile, certificate, privateKey, "", "", "");
    }

    TlsSettings withClientKeyStore(String file, String password, String type) {
        return new TlsSettings(caFile, "", "", file, password, type);
    }

    @Override
    public String toString() {
        return "TlsSettings[caFile=" + caFile + ", certificateFile=" + certificateFile + ", privateKeyFile="
                + privateKeyFile + ", keyStoreFile=" + keyStoreFile + ", keyStorePassword="
                + (keyStorePassword.isEmpty() ? "" : "***") + ", keyStoreType=" + keyStoreType + "]";
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value.trim();
    }
}
