package io.amsfleet.cli.trust;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.Session;

import java.util.ArrayList;
import java.util.List;

/** The server's trust store as the trust commands read it. */
final class TrustStore {
    private TrustStore() {
    }

    static JsonNode list(Session session) {
        return session.client().get("/1.0/certificates?recursion=1");
    }

    /**
     * The fingerprint a person meant: a whole fingerprint, a unique prefix of one (fingerprints
     * are 64 hex digits; nobody types them whole), or a certificate's name.
     */
    static String fingerprint(Session session, String given) {
        List<JsonNode> matches = new ArrayList<>();
        for (JsonNode c : list(session)) {
            String fingerprint = c.path("fingerprint").asText();
            if (fingerprint.equals(given)) {
                return fingerprint;
            }
            if (fingerprint.startsWith(given.toLowerCase(java.util.Locale.ROOT)) || c.path("name").asText().equals(given)) {
                matches.add(c);
            }
        }
        if (matches.isEmpty()) {
            throw new CommandFailure("no trusted certificate has the fingerprint or name " + given
                    + " (amc config trust list shows them)");
        }
        if (matches.size() > 1) {
            throw new CommandFailure(given + " matches several trusted certificates; give more of the fingerprint: "
                    + String.join(", ", matches.stream().map(c -> c.path("fingerprint").asText() + " ("
                    + c.path("name").asText() + ")").toList()));
        }
        return matches.get(0).path("fingerprint").asText();
    }
}
