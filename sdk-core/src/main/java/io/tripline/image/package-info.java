/**
 * Image signals.
 *
 * <ul>
 *   <li>{@link io.tripline.image.ImageDecoder}: bounded decoding. The format comes from the bytes;
 *       every size a file declares is checked against the pixel budget before any reader runs;
 *       incomplete files are refused rather than grey-filled; CMYK JPEG and WebP decode through
 *       TwelveMonkeys; HEIC/AVIF and TIFF are refused as unsupported. Never writes temp files.
 *   <li>{@link io.tripline.image.FileDigests}: MD5 and SHA-256 of the bytes as uploaded.
 *   <li>{@link io.tripline.image.PdqHasher} ({@code pdq}): the industry's 256-bit hash, bit-exact
 *       with the reference, with quality and the 8 dihedral variants.
 *   <li>JImageHash hashers, each its own signal type: {@code phash64}
 *       ({@link io.tripline.image.JImageHashPerceptualHasher}), {@code dhash72}
 *       ({@link io.tripline.image.JImageHashDifferenceHasher}) and {@code whash64}
 *       ({@link io.tripline.image.JImageHashWaveletHasher}).
 *   <li>{@link io.tripline.image.Previews}: small PNG previews for reviewers, re-encoded without
 *       metadata, EXIF orientation applied; greyscale and blurred unless revealed.
 * </ul>
 *
 * All hashers are found through {@link io.tripline.spi.ImageHasher} with
 * {@link java.util.ServiceLoader}, in that order, or set on {@link io.tripline.Tripline.Builder}.
 */
@NullMarked
package io.tripline.image;

import org.jspecify.annotations.NullMarked;
