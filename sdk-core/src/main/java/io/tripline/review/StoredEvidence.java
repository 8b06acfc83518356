package io.tripline.review;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tripline.FileEvidence;
import io.tripline.Match;
import io.tripline.Priority;
import io.tripline.RuleRef;
import io.tripline.Verdict;
import io.tripline.rules.ReportInstruction;
import io.tripline.spi.ImageHash;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The evidence of an item as stored (one JSON column): what a reviewer sees, and enough of the
 * verdict to make its reports again when a reviewer confirms it.
 */
record StoredEvidence(List<MatchEvidence> matches, List<TextExcerpt> excerpts, List<StoredFile> files,
    List<ReportInstruction> reports, Priority flagPriority) {

  /** A file, with what a report's digests need beyond {@link FlaggedFile}. */
  record StoredFile(FlaggedFile file, Map<String, Integer> hashQuality, int exifOrientation,
      @Nullable String unhashableReason) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  String write() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new ReviewException("cannot write the evidence of a review item: " + e.getMessage(), e);
    }
  }

  static StoredEvidence read(String json) {
    try {
      return JSON.readValue(json, StoredEvidence.class);
    } catch (IOException e) {
      throw new ReviewException("the stored evidence of a review item cannot be read: " + e.getMessage(), e);
    }
  }

  List<FlaggedFile> flaggedFiles() {
    return files.stream().map(StoredFile::file).toList();
  }

  /** The flag as the engine made it, for {@code Reports.fromReview}. */
  Verdict.Flag verdict(RuleRef rule, Instant flaggedAt) {
    List<Match> ms = new ArrayList<>();
    for (MatchEvidence m : matches) {
      ms.add(new Match(m.indicatorId(), m.feed(), m.signalType(), m.distance(), m.source(), m.span(), m.labels(),
          m.severity(), m.quality(), false));
    }
    List<FileEvidence> fs = new ArrayList<>();
    for (StoredFile s : files) {
      FlaggedFile f = s.file();
      List<ImageHash> hashes = new ArrayList<>();
      f.hashes().forEach((type, hex) -> hashes.add(new ImageHash(type, ImageHash.parseHex(hex, hex.length() * 4),
          hex.length() * 4, s.hashQuality().getOrDefault(type, 100))));
      fs.add(new FileEvidence(f.field(), f.size(), f.md5(), f.sha256(), f.imageFormat(), s.exifOrientation(), hashes,
          s.unhashableReason()));
    }
    return new Verdict.Flag(ms, rule, flagPriority, flaggedAt, fs, reports);
  }
}
