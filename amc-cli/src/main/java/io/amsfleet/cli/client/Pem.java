package io.amsfleet.cli.client;

import io.amsfleet.cli.UsageError;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and private keys from files, with the JDK alone (no Bouncy Castle: amc
 * starts on every command). Certificates: PEM or DER, one or a chain. Keys: PEM, as PKCS#8
 * ({@code BEGIN PRIVATE KEY}, what {@code openssl genpkey} writes) or in OpenSSL's traditional
 * forms, {@code BEGIN EC PRIVATE KEY} (SEC 1, what the AMS server writes for its own ECDSA key)
 * and {@code BEGIN RSA PRIVATE KEY} (PKCS#1), which are rewrapped as PKCS#8 here. Every problem
 * with a file is a usage error naming the file.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** AlgorithmIdentifier OIDs, DER-encoded: id-ecPublicKey and rsaEncryption. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D,
            0x01, 0x01, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};

    private Pem() {
    }

    /** The certificates in a PEM or DER file, the first being the one it is about. */
    public static List<X509Certificate> certificates(Path file, String what) {
        byte[] bytes = read(file, what);
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new CertificateException("no certificate in it");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new UsageError(what + " " + file + " is not a PEM or DER X.509 certificate");
        }
    }

    /**
     * Checks that a file holds an unencrypted PEM private key, without decoding it: an EC key
     * may need its certificate to be decoded (see {@link #privateKey}).
     */
    public static void checkPrivateKey(Path file, String what) {
        block(file, what);
    }

    /**
     * The private key in a PEM file. {@code certificateKey}, the public key of its certificate,
     * supplies the curve of a SEC 1 EC key that does not name its own: the AMS server writes its
     * generated keys that way (Bouncy Castle re-encoding a JDK key).
     */
    public static PrivateKey privateKey(Path file, String what, PublicKey certificateKey) {
        KeyBlock key = block(file, what);
        return switch (key.type()) {
            case "PRIVATE KEY" -> pkcs8(key.der(), file, what, "RSA", "EC");
            case "EC PRIVATE KEY" -> pkcs8(fromSec1(key.der(), file, what, certificateKey), file, what, "EC");
            case "RSA PRIVATE KEY" -> pkcs8(wrap(key.der(), sequence(RSA_ENCRYPTION, DER_NULL)), file, what, "RSA");
            default -> throw new UsageError(what + " " + file + " holds a " + key.type() + ", which amc cannot use;"
                    + " give an RSA or EC key (PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + file + ")");
        };
    }

    /** A PEM private key block: its type ({@code EC PRIVATE KEY}, …) and DER content. */
    private record KeyBlock(String type, byte[] der) {
    }

    private static KeyBlock block(Path file, String what) {
        String text = new String(read(file, what), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (!type.endsWith("PRIVATE KEY")) {
                continue; // a certificate in the same file
            }
            if (type.equals("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED")) {
                throw new UsageError(what + " " + file + " is encrypted; amc needs it without a passphrase"
                        + " (openssl pkey -in " + file + " -out <new file>)");
            }
            try {
                return new KeyBlock(type, Base64.getMimeDecoder().decode(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw new UsageError(what + " " + file + " is not valid PEM: " + e.getMessage());
            }
        }
        throw new UsageError(what + " " + file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageError(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageError("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    private static PrivateKey pkcs8(byte[] der, Path file, String what, String... algorithms) {
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new UsageError(what + " " + file + " is not an RSA or EC private key amc can read");
    }

    /**
     * SEC 1 {@code ECPrivateKey} to PKCS#8: the curve, which PKCS#8 carries in the algorithm
     * identifier, is taken from the key's own {@code [0] parameters}, else from its certificate's
     * public key, whose algorithm identifier is the same {@code {id-ecPublicKey, curve}}.
     */
    private static byte[] fromSec1(byte[] sec1, Path file, String what, PublicKey certificateKey) {
        try {
            Der outer = Der.at(sec1, 0);
            int at = outer.contentStart();
            while (at < outer.end()) {
                Der element = Der.at(sec1, at);
                if ((sec1[at] & 0xFF) == 0xA0) {
                    byte[] curve = Arrays.copyOfRange(sec1, element.contentStart(), element.end());
                    return wrap(sec1, sequence(EC_PUBLIC_KEY, curve));
                }
                at = element.end();
            }
            if (certificateKey != null && certificateKey.getAlgorithm().equals("EC")) {
                byte[] spki = certificateKey.getEncoded();
                Der info = Der.at(spki, 0);
                Der algorithm = Der.at(spki, info.contentStart());
                return wrap(sec1, Arrays.copyOfRange(spki, info.contentStart(), algorithm.end()));
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new UsageError(what + " " + file + " is not a valid EC private key");
        }
        throw new UsageError(what + " " + file + " does not name its curve; convert it to PKCS#8"
                + " (openssl pkcs8 -topk8 -nocrypt -in " + file + ")");
    }

    /** PKCS#8 {@code PrivateKeyInfo}: version 0, the algorithm, the key as an octet string. */
    private static byte[] wrap(byte[] key, byte[] algorithm) {
        return tlv(0x30, concat(new byte[]{0x02, 0x01, 0x00}, algorithm, tlv(0x04, key)));
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Where one DER element's content starts and where the element ends. */
    private record Der(int contentStart, int end) {
        static Der at(byte[] der, int offset) {
            if (offset + 1 >= der.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            int length = der[offset + 1] & 0xFF;
            int start = offset + 2;
            if (length >= 0x80) {
                int bytes = length & 0x7F;
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[start + i] & 0xFF);
                }
                start += bytes;
            }
            if (start + length > der.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            return new Der(start, start + length);
        }
    }
}
