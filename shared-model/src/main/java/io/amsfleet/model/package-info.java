/**
 * The AMS REST API's resource and envelope shapes, shared by the server and by {@code amc}.
 *
 * <p>Field names follow {@code shared/reference/ams-api.yaml} exactly (snake_case); only
 * Jackson annotations are used so that the CLI can read these types without a DI container.
 */
package io.amsfleet.model;
