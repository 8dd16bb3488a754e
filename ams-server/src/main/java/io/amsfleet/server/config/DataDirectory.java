package io.amsfleet.server.config;

import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The data dir ({@code AMS_DATA_DIR}), made private before anything is written to it: the
 * directory and the directories in it 0700, the files in it 0600 — also those an older version
 * or a permissive umask left readable. Whatever writes there takes this bean, so that it exists first.
 */
@Singleton
public class DataDirectory {
    private final Path path;

    public DataDirectory(AmsSettings settings) {
        this.path = settings.dataDir();
        try {
            PrivateFiles.directory(path);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    // A symbolic link leads out of the data dir, to what its owner set up: left alone.
                    if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        PrivateFiles.directory(entry);
                    } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                        PrivateFiles.file(entry);
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot set up the data dir " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }
}
