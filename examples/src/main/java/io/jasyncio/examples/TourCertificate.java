package io.jasyncio.examples;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for "localhost" and 127.0.0.1, made at run time by the JDK's own
 * {@code keytool} (from {@code java.home/bin}): the tour ships no certificate file and needs no
 * extra dependency. {@link #server} presents it; {@link #client} trusts exactly it.
 */
public final class TourCertificate {
  /** The server's context: the self-signed key and certificate. */
  public final SSLContext server;
  /** A client context trusting only that certificate. */
  public final SSLContext client;

  private static TourCertificate instance;

  private TourCertificate(SSLContext server, SSLContext client) {
    this.server = server;
    this.client = client;
  }

  /** @return the certificate of this JVM, made on first use (one keytool run, about a second) */
  public static synchronized TourCertificate get() {
    if (instance == null) {
      try {
        instance = make();
      } catch (Exception e) {
        throw new IllegalStateException("could not make the tour's certificate with keytool", e);
      }
    }
    return instance;
  }

  private static TourCertificate make() throws Exception {
    Path dir = Files.createTempDirectory("jasyncio-tour-tls");
    Path store = dir.resolve("tour.p12");
    char[] pw = "changeit".toCharArray();
    try {
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "tour", "-keyalg", "EC",
          "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1",
          "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
          "-storepass", new String(pw), "-keypass", new String(pw))
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, pw);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(kmf.getKeyManagers(), null, null);

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("tour", (X509Certificate) ks.getCertificate("tour"));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, tmf.getTrustManagers(), null);
      return new TourCertificate(server, client);
    } finally {
      Files.deleteIfExists(store);
      Files.deleteIfExists(dir);
    }
  }
}
