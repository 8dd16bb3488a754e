package io.amsfleet.model;

/** How a recorded request ended, as the audit trail reports and filters it. */
public enum Outcome implements WireWord {
    SUCCESS, PREVIEW, REFUSED, FAILED;

    /** A 4xx is the caller's to fix (refused); a 5xx is the server's (failed). */
    public static Outcome ofStatus(int httpStatus) {
        return httpStatus < 400 ? SUCCESS : httpStatus < 500 ? REFUSED : FAILED;
    }

    /** As {@link #ofStatus}, except that an answered dry run changed nothing: a preview, never a success. */
    public static Outcome of(int httpStatus, boolean dryRun) {
        Outcome o = ofStatus(httpStatus);
        return o == SUCCESS && dryRun ? PREVIEW : o;
    }

    /** Lowercase, so that command-line help lists the words the wire uses. */
    @Override
    public String toString() {
        return label();
    }

    /** The outcome with this wire form, or null. */
    public static Outcome fromLabel(String label) {
        return WireWord.fromLabel(Outcome.class, label);
    }
}
