package io.amsfleet.cli.application;

import io.amsfleet.cli.FileUpload;
import io.amsfleet.cli.Session;
import io.amsfleet.model.Operation;

import java.time.Duration;
import java.util.Map;

/** Sends a package as the SDK does: its sha256 named first in {@code X-AMS-Fingerprint}, the details in its manifest. */
final class ApplicationUpload {
    private ApplicationUpload() {
    }

    static Operation send(Session session, String method, String path, ApplicationPackage pkg, String label,
                          Duration timeout) {
        String sha = FileUpload.sha256(pkg.file());
        return FileUpload.send(session, method, path, Map.of("X-AMS-Fingerprint", sha),
                pkg.file(), pkg.size(), label, timeout).operation();
    }
}
