/**
 * The indicator index: an immutable snapshot of every indicator a Tripline instance matches
 * against, with exact lookups (file digests, hashed entities), Hamming-radius lookups for
 * perceptual hashes and a term matcher. Readers share a snapshot without locks.
 *
 * <p>A feed's changes ({@link io.tripline.index.IndicatorChanges}: upserts and deletes by feed
 * and id) derive the next snapshot with {@link io.tripline.index.IndicatorIndex#withChanges};
 * deletes take effect in it. {@link io.tripline.index.SnapshotFile} keeps a snapshot on disk
 * (versioned, checksummed, written atomically) so a restart serves without any network.
 * {@link io.tripline.index.HammingIndex} is the exact multi-index Hamming search underneath, usable
 * on its own.
 */
@NullMarked
package io.tripline.index;

import org.jspecify.annotations.NullMarked;
