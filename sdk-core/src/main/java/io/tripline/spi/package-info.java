/**
 * Extension points. An {@link io.tripline.spi.ImageHasher} adds a perceptual image hash (for
 * example a licensed PhotoDNA hasher); implementations are found with
 * {@link java.util.ServiceLoader} or set on {@link io.tripline.Tripline.Builder}.
 */
@NullMarked
package io.tripline.spi;

import org.jspecify.annotations.NullMarked;
