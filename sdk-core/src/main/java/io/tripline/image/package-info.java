/**
 * Image signals: bounded decoding ({@link io.tripline.image.ImageDecoder} reads the dimensions
 * before any pixels and refuses images over the pixel budget), file digests
 * ({@link io.tripline.image.FileDigests}, over the bytes as uploaded) and the built-in
 * perceptual hashers, found through {@link io.tripline.spi.ImageHasher}.
 */
@NullMarked
package io.tripline.image;

import org.jspecify.annotations.NullMarked;
