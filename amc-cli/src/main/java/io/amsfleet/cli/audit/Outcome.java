package io.amsfleet.cli.audit;

/** How a recorded request ended: done, refused (4xx) or failed (5xx). */
enum Outcome {
    success, refused, failed
}
