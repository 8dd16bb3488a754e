package io.amsfleet.cli.trust;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.UsageError;
import io.amsfleet.model.Role;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.client.Pem;
import io.amsfleet.model.CertificatesPost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.concurrent.Callable;

/**
 * {@code amc config trust add <cert-file>}: the file is read here (PEM or DER) and sent as the
 * base64 DER the API takes, so a file that is no certificate is refused before anything is sent.
 */
@Command(name = "add", description = "Trust a client certificate (PEM or DER file).")
final class TrustAddCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<cert-file>", description = "The client's certificate, PEM or DER.")
    Path file;

    @Option(names = "--name", paramLabel = "<name>",
            description = "Name it in the trust store and the audit trail (default: the certificate's common name).")
    String name;

    @Option(names = "--role", paramLabel = "<role>",
            description = "What the certificate may do: ${COMPLETION-CANDIDATES} (default: admin, as in AMS).")
    Role role;

    @Mixin
    HelpOption help;

    private final Session session;

    TrustAddCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        String der;
        try {
            der = Base64.getEncoder().encodeToString(Pem.certificates(file, "the certificate").get(0).getEncoded());
        } catch (CertificateEncodingException e) {
            throw new UsageError("the certificate " + file + " cannot be encoded: " + e.getMessage());
        }
        JsonNode trusted = session.client().sync("POST", "/1.0/certificates",
                new CertificatesPost(der, null, name, role == null ? null : role.label()), AmsClient.REQUEST_TIMEOUT);
        session.env().out().println("certificate " + trusted.path("name").asText() + " trusted with role "
                + trusted.path("role").asText() + " (fingerprint " + trusted.path("fingerprint").asText() + ")");
        return ExitStatus.OK;
    }
}
