package io.jasyncio.internal.net;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time (no certificate file in the repository, nothing that expires in
 * CI): a CA, and server certificates signed by it for "localhost" and 127.0.0.1 (the right name),
 * for "wrong.example" only (a wrong name), an expired one, and a self-signed one the CA did not
 * sign (untrusted). EC P-256 keys, made once per JVM. Shared with interop-tests (test-jar).
 */
public final class TestCerts {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffL);
  private static volatile TestCerts instance;

  /** The CA every client context trusts. */
  public final X509Certificate ca;
  private final KeyPair caKeys;
  /** localhost + 127.0.0.1 + ::1, valid now. */
  public final SSLContext server;
  /** Valid now, but only for wrong.example. */
  public final SSLContext wrongHost;
  /** The right names, expired yesterday. */
  public final SSLContext expired;
  /** The right names, self-signed: no client context trusts it. */
  public final SSLContext selfSigned;
  /** Trusts the CA (and nothing else). */
  public final SSLContext client;
  /** The certificate of {@link #selfSigned}. */
  public final X509Certificate selfSignedCert;
  /** The server certificate of {@link #server}. */
  public final X509Certificate serverCert;
  /** Mutual TLS: {@link #server}'s key material, trusting the CA for client certificates. */
  public final SSLContext serverTrustingCa;
  /** Mutual TLS: a client with {@link #clientCert}, trusting the CA. */
  public final SSLContext clientWithCert;
  /** A client certificate (CN=jasyncio test client) signed by the CA. */
  public final X509Certificate clientCert;

  /** @return the certificates of this JVM (made on first use) */
  public static TestCerts get() {
    TestCerts c = instance;
    if (c == null) {
      synchronized (TestCerts.class) {
        c = instance;
        if (c == null) {
          try {
            c = new TestCerts();
          } catch (Exception e) {
            throw new IllegalStateException("could not make the test certificates", e);
          }
          instance = c;
        }
      }
    }
    return c;
  }

  private TestCerts() throws Exception {
    caKeys = keys();
    Instant now = Instant.now();
    ca = sign(new X500Name("CN=jasyncio test CA"), caKeys, new X500Name("CN=jasyncio test CA"), caKeys.getPrivate(),
        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)), true, (String[]) null);
    String[] right = {"dns:localhost", "ip:127.0.0.1", "ip:::1"};
    KeyPair k1 = keys();
    serverCert = signedByCa("CN=localhost", k1, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), right);
    server = serverContext(k1, serverCert, ca);
    KeyPair k2 = keys();
    wrongHost = serverContext(k2, signedByCa("CN=wrong.example", k2, now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)), "dns:wrong.example"), ca);
    KeyPair k3 = keys();
    expired = serverContext(k3, signedByCa("CN=localhost", k3, now.minus(Duration.ofDays(3)),
        now.minus(Duration.ofDays(1)), right), ca);
    KeyPair k4 = keys();
    X509Certificate self = sign(new X500Name("CN=localhost"), k4, new X500Name("CN=localhost"), k4.getPrivate(),
        now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), false, right);
    selfSigned = serverContext(k4, self);
    selfSignedCert = self;
    client = trusting(ca);
    serverTrustingCa = context(k1, ca, serverCert, ca);
    KeyPair k5 = keys();
    clientCert = signedByCa("CN=jasyncio test client", k5, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    clientWithCert = context(k5, ca, clientCert, ca);
  }

  /** @param trusted the certificates to trust
   *  @return a client context trusting exactly {@code trusted} */
  public static SSLContext trusting(X509Certificate... trusted) {
    try {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      for (int i = 0; i < trusted.length; i++) ts.setCertificateEntry("ca" + i, trusted[i]);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return a client context that speaks TLS 1.2 at most (for protocol mismatches) */
  public SSLContext clientTls12() {
    try {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      SSLContext ctx = SSLContext.getInstance("TLSv1.2");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private X509Certificate signedByCa(String cn, KeyPair subject, Instant from, Instant to, String... san) throws Exception {
    return sign(new X500Name(cn), subject, new X500Name("CN=jasyncio test CA"), caKeys.getPrivate(), from, to, false, san);
  }

  private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
      Instant from, Instant to, boolean isCa, String... san) throws Exception {
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(from), Date.from(to), subject, subjectKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (isCa) {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    }
    if (san != null && san.length > 0) {
      GeneralName[] names = new GeneralName[san.length];
      for (int i = 0; i < san.length; i++) {
        String s = san[i];
        names[i] = s.startsWith("ip:") ? new GeneralName(GeneralName.iPAddress, s.substring(3))
            : new GeneralName(GeneralName.dNSName, s.substring(4));
      }
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
  }

  private static SSLContext serverContext(KeyPair keys, X509Certificate... chain) throws Exception {
    return context(keys, null, chain);
  }

  /** Key material {@code keys}/{@code chain}; trusts {@code trusted}, or the JDK's default when null. */
  private static SSLContext context(KeyPair keys, X509Certificate trusted, X509Certificate... chain) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pw = "test".toCharArray();
    ks.setKeyEntry("server", keys.getPrivate(), pw, (Certificate[]) chain);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    SSLContext ctx = SSLContext.getInstance("TLS");
    TrustManager[] tms = null;
    if (trusted != null) {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("ca", trusted);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      tms = tmf.getTrustManagers();
    }
    ctx.init(kmf.getKeyManagers(), tms, null);
    return ctx;
  }
}
