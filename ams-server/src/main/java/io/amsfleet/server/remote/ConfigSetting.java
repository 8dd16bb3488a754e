package io.amsfleet.server.remote;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of {@code config}: one setting changed at run time. */
// escape = false: the migrations' names are unquoted, which H2 stores in upper case.
@MappedEntity(value = "config", escape = false)
public record ConfigSetting(@Id String name, String settingValue) {
}
