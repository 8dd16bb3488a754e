package io.amsfleet.server.tls;

import io.amsfleet.server.config.PrivateFiles;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The server's TLS identity: a PEM certificate and key, generated once (self-signed, ECDSA P-384,
 * ten years, like LXD's and AMS's own) or taken from files the operator provides.
 */
public record ServerCertificate(X509Certificate certificate, PrivateKey key) {

    /** Loads the pair from {@code cert}/{@code key}, creating both first when neither exists. */
    public static ServerCertificate loadOrCreate(Path cert, Path key) {
        try {
            if (!Files.exists(cert) && !Files.exists(key)) {
                ServerCertificate fresh = generate();
                Files.createDirectories(cert.toAbsolutePath().getParent());
                writeNew(cert, pem(fresh.certificate()));
                writeNew(key, pem(fresh.key()));
                return fresh;
            }
            return new ServerCertificate(readCertificate(cert), readKey(key));
        } catch (IOException | java.security.GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot load or create the TLS certificate " + cert + ": " + e.getMessage(), e);
        }
    }

    /** Written as the server's own: 0600 before the first byte (the certificate too, for simplicity's sake). */
    private static void writeNew(Path file, String pem) throws IOException {
        Files.deleteIfExists(file);
        PrivateFiles.newFile(file);
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    public static ServerCertificate generate() throws java.security.GeneralSecurityException,
            org.bouncycastle.operator.OperatorCreationException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"), new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        String host = InetAddress.getLocalHost().getHostName();
        X500Name subject = new X500Name("O=ams-fleet,CN=ams@" + host);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.dNSName, host),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(pair.getPrivate()));
        return new ServerCertificate(new JcaX509CertificateConverter().getCertificate(holder), pair.getPrivate());
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static X509Certificate readCertificate(Path file) throws IOException, java.security.GeneralSecurityException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new IOException(file + " holds no PEM certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(file + " holds no PEM private key");
        }
    }
}
