/**
 * The indicator index: an immutable snapshot of every indicator a Tripline instance matches
 * against, with exact lookups (file digests, hashed entities), Hamming-radius lookups for
 * perceptual hashes and a term matcher. Readers share a snapshot without locks; a feed change
 * produces a new snapshot.
 */
@NullMarked
package io.tripline.index;

import org.jspecify.annotations.NullMarked;
