package io.amsfleet.cli.image;

/** {@code --type} of an image. Lowercase: these are the words on the command line and the wire. */
enum ImageType {
    container, vm
}
