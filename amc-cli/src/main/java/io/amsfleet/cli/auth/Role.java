package io.amsfleet.cli.auth;

/** The server's roles, least to most. Lowercase: the words on the command line and the wire. */
public enum Role {
    viewer, operator, admin
}
