package io.amsfleet.server.auth;

import io.amsfleet.model.Certificate;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.model.Role;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.operation.OperationStore;
import io.micronaut.data.model.Sort;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AMS trust store: client certificates, by sha256 fingerprint of their DER encoding, each an
 * identity with a role. Looked up on every request, so removal takes effect at once everywhere.
 */
@Singleton
public class TrustStore {
    private static final Sort LISTED = Sort.of(Sort.Order.asc("name"), Sort.Order.asc("fingerprint"));
    private final CertificateRepository certificates;
    private final Transactions tx;
    private final AuditLog audit;
    private final OperationStore operations;

    public TrustStore(CertificateRepository certificates, Transactions tx, AuditLog audit, OperationStore operations) {
        this.certificates = certificates;
        this.tx = tx;
        this.audit = audit;
        this.operations = operations;
    }

    public Optional<Identity> identify(java.security.cert.Certificate presented) {
        try {
            String fp = fingerprint(presented.getEncoded());
            return tx.read(() -> certificates.findById(fp))
                    .map(row -> new Identity("cert:" + row.name(), Roles.parse(row.role())));
        } catch (java.security.cert.CertificateEncodingException e) {
            return Optional.empty();
        }
    }

    public Certificate add(String base64Der, String name, String roleText) {
        X509Certificate cert = parse(base64Der);
        Role role = roleText == null || roleText.isEmpty() ? Role.ADMIN : Roles.parse(roleText);
        String der = Base64.getEncoder().encodeToString(encoded(cert));
        String fp = fingerprint(encoded(cert));
        String label = name == null || name.isBlank() ? commonName(cert) : name;
        if (label.length() > 64) {
            label = label.substring(0, 64);
        }
        String finalLabel = label;
        tx.write(() -> {
            if (certificates.existsById(fp)) {
                throw new ApiException(ReasonCode.ALREADY_EXISTS, "certificate " + fp + " is already trusted",
                        Map.of("fingerprint", fp));
            }
            certificates.save(new CertificateRow(fp, finalLabel, role.label(), der, System.currentTimeMillis() / 1000));
            audit.recordSuccess(AuditLog.Target.other(AuditAction.CERTIFICATE_ADD, fp));
            return null;
        });
        return new Certificate(der, fp, finalLabel, role.label());
    }

    public List<Certificate> list() {
        return tx.read(() -> certificates.findAll(LISTED).stream().map(TrustStore::shown).toList());
    }

    public Certificate get(String fingerprint) {
        return tx.read(() -> certificates.findById(fingerprint)).map(TrustStore::shown)
                .orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND, "no trusted certificate " + fingerprint,
                        Map.of("fingerprint", fingerprint)));
    }

    /**
     * Stops trusting the certificate, in one transaction with the operation that records it: AMS
     * answers a certificate delete with an operation (202), and its SDK waits on it.
     */
    public Operation remove(String fingerprint) {
        return tx.write(() -> {
            if (certificates.deleteByFingerprint(fingerprint) == 0) {
                throw new ApiException(ReasonCode.NOT_FOUND, "no trusted certificate " + fingerprint,
                        Map.of("fingerprint", fingerprint));
            }
            Operation op = operations.recordSuccess("Remove trusted certificate " + fingerprint,
                    Map.of("certificates", List.of("/1.0/certificates/" + fingerprint)), Map.of("fingerprint", fingerprint));
            audit.recordSuccess(AuditLog.Target.other(AuditAction.CERTIFICATE_REMOVE, fingerprint), op.id());
            return op;
        });
    }

    private static Certificate shown(CertificateRow row) {
        return new Certificate(row.certificate(), row.fingerprint(), row.name(), row.role());
    }

    static X509Certificate parse(String base64Der) {
        if (base64Der == null || base64Der.isBlank()) {
            throw ApiException.badRequest("certificate is required: the base64 DER certificate, without PEM header and footer");
        }
        try {
            String cleaned = base64Der.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(cleaned);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            throw ApiException.badRequest("certificate is not a base64 DER X.509 certificate");
        }
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw ApiException.badRequest("certificate cannot be encoded");
        }
    }

    static String fingerprint(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String commonName(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.trim().startsWith("CN=")) {
                return part.trim().substring(3);
            }
        }
        return dn;
    }
}
