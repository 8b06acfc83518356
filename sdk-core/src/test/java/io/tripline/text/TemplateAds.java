package io.tripline.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic ads of one genre (escort and "massage" ads, the kind re-posted from templates), and the
 * edits a writer makes when re-posting one. Ads of the genre share stock sentences, so unrelated
 * ads overlap somewhat, as real ones do. Deterministic for a given random source.
 */
final class TemplateAds {

  private static final String[] STOCK = {
    "new in town for a few days only",
    "call or text me anytime day or night",
    "100% real pics no fakes no games",
    "incall and outcall available",
    "no blocked numbers no police",
    "serious gentlemen only please",
    "come and relax with me tonight",
    "clean discreet and private location",
    "sweet young and ready to please",
    "available 24 7 for your pleasure",
    "first time in your city so do not miss out",
    "text only i do not answer calls",
    "ask about my specials and roses",
    "upscale and professional companion",
    "open minded and fun loving girl",
    "i speak very little english",
    "friendly and easy going with a great smile",
    "the best massage you will ever have",
    "full body relaxing massage with happy ending",
    "hotel visits only at your place",
    "deposit required before meeting",
    "cash only no checks no cards",
    "safe and clean environment always",
    "young fresh faces every week",
    "treat yourself to something special",
    "let me take care of all your needs",
    "you will not be disappointed i promise",
    "limited time only this weekend",
    "free parking available near the building",
    "just off the highway easy to find",
    "reviews available on request",
    "no rush and no pressure just fun",
    "petite body with long dark hair",
    "tall blonde with curves in all the right places",
    "fluent in spanish and russian",
    "book now before my schedule fills up",
    "special rate for the first hour",
    "couples welcome too",
    "my friend is also available for doubles",
    "i am waiting for your call honey",
  };

  private static final String[] NAMES = {
    "lisa", "anna", "mia", "kitty", "candy", "jasmine", "amber", "natasha", "coco", "lola",
    "ruby", "sasha", "lily", "bella", "nikki", "daisy", "angel", "crystal", "summer", "jade",
  };

  private static final String[] CITIES = {
    "houston", "dallas", "atlanta", "miami", "las vegas", "phoenix", "denver", "seattle",
    "chicago", "newark", "orlando", "tampa", "memphis", "detroit", "portland", "reno",
  };

  private static final String[] FILLER = (
      "hot sexy sweet lovely beautiful gorgeous busty slim exotic asian latina ebony thick "
      + "naughty playful gentle warm soft private quiet luxury vip discreet real fresh young "
      + "night day weekend hour half special rate donation roses meet see visit relax enjoy "
      + "baby honey daddy gentlemen guys men friend time place room hotel spa studio downtown "
      + "north south east west side near close airport mall highway exit street avenue").split(" ");

  private static final String[] EMOJI = {"💋", "🔥", "😘", "💦", "🌹", "✨", "❤️", "👅", "🍒"};

  private TemplateAds() {}

  /** A fresh ad of about 80-160 words. */
  static String ad(SplittableRandom r) {
    String name = NAMES[r.nextInt(NAMES.length)];
    String city = CITIES[r.nextInt(CITIES.length)];
    StringBuilder sb = new StringBuilder();
    sb.append(capitalise(pick(r, FILLER))).append(' ').append(pick(r, FILLER)).append(' ')
        .append(name).append(" in ").append(city).append("! ");
    int sentences = 8 + r.nextInt(6);
    for (int s = 0; s < sentences; s++) {
      if (r.nextInt(3) == 0) {
        sb.append(capitalise(STOCK[r.nextInt(STOCK.length)]));
      } else {
        // An own sentence: 6-12 words of the genre's vocabulary in a random order.
        int n = 6 + r.nextInt(7);
        for (int w = 0; w < n; w++) {
          String word = pick(r, FILLER);
          sb.append(w == 0 ? capitalise(word) : word);
          if (w + 1 < n) {
            sb.append(' ');
          }
        }
      }
      sb.append(r.nextBoolean() ? ". " : "! ");
    }
    sb.append("I am ").append(19 + r.nextInt(10)).append(" years young, $")
        .append(100 + 20 * r.nextInt(15)).append(" per hour. Call ").append(phone(r))
        .append(" and ask for ").append(capitalise(name)).append('.');
    return sb.toString();
  }

  static String phone(SplittableRandom r) {
    return String.format(Locale.ROOT, "(%03d) %03d-%04d", 200 + r.nextInt(800), r.nextInt(1000),
        r.nextInt(10_000));
  }

  /** The same ad with another phone number (in another format). */
  static String changePhone(String ad, SplittableRandom r) {
    String other = String.format(Locale.ROOT, "%03d.%03d.%04d", 200 + r.nextInt(800),
        r.nextInt(1000), r.nextInt(10_000));
    return ad.replaceAll("\\(\\d{3}\\) \\d{3}-\\d{4}", other);
  }

  /** The ad with {@code count} words replaced by other words of the genre. */
  static String replaceWords(String ad, int count, SplittableRandom r) {
    List<String> words = new ArrayList<>(List.of(ad.split(" ")));
    for (int i = 0; i < count; i++) {
      words.set(r.nextInt(words.size()), pick(r, FILLER));
    }
    return String.join(" ", words);
  }

  /** The ad with {@code count} pairs of neighbouring words swapped. */
  static String swapWords(String ad, int count, SplittableRandom r) {
    List<String> words = new ArrayList<>(List.of(ad.split(" ")));
    for (int i = 0; i < count; i++) {
      int at = r.nextInt(words.size() - 1);
      String w = words.get(at);
      words.set(at, words.get(at + 1));
      words.set(at + 1, w);
    }
    return String.join(" ", words);
  }

  /** Random case, extra spaces, line breaks and emoji between and around words. */
  static String restyle(String ad, SplittableRandom r) {
    StringBuilder sb = new StringBuilder();
    for (String word : ad.split(" ")) {
      String w = switch (r.nextInt(4)) {
        case 0 -> word.toUpperCase(Locale.ROOT);
        case 1 -> capitalise(word);
        default -> word;
      };
      if (r.nextInt(6) == 0) {
        w = EMOJI[r.nextInt(EMOJI.length)] + w;
      }
      if (r.nextInt(6) == 0) {
        w = w + EMOJI[r.nextInt(EMOJI.length)];
      }
      sb.append(w).append(r.nextInt(5) == 0 ? "  \n " : r.nextInt(5) == 0 ? "   " : " ");
    }
    return sb.toString();
  }

  /**
   * Evasion a normaliser undoes: zero-width chars inside words, full-width and mathematical bold
   * letters, non-breaking spaces.
   */
  static String obfuscate(String ad, SplittableRandom r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ad.length(); i++) {
      char c = ad.charAt(i);
      int roll = r.nextInt(20);
      if (c == ' ' && roll < 4) {
        sb.append('\u00A0');
      } else if (c >= 'a' && c <= 'z' && roll == 0) {
        sb.append((char) (c - 'a' + 'ａ'));
      } else if (c >= 'a' && c <= 'z' && roll == 1) {
        sb.appendCodePoint(0x1D41A + (c - 'a')); // mathematical bold small letter
      } else {
        sb.append(c);
        if (Character.isLetter(c) && roll == 2) {
          sb.append(r.nextBoolean() ? '\u200B' : '\u200D');
        }
      }
    }
    return sb.toString();
  }

  /**
   * The word-pair shingles of a text as {@link MinHashSignature} defines them, computed the slow,
   * obvious way: an oracle for the true Jaccard similarity (letters and digits only, no kana or
   * ideographs).
   */
  static Set<String> shingles(String text) {
    String view = TextNormalizer.normalize(text).view();
    List<String> words = new ArrayList<>();
    for (String w : view.split("[^\\p{L}\\p{Nd}\\p{M}]+")) {
      if (!w.isEmpty()) {
        words.add(w.replaceAll("\\p{Nd}", "0"));
      }
    }
    Set<String> shingles = new HashSet<>();
    for (int i = 0; i + 1 < words.size(); i++) {
      shingles.add(words.get(i) + " " + words.get(i + 1));
    }
    return shingles;
  }

  static double jaccard(Set<String> a, Set<String> b) {
    Set<String> both = new HashSet<>(a);
    both.retainAll(b);
    return both.size() / (double) (a.size() + b.size() - both.size());
  }

  private static String pick(SplittableRandom r, String[] words) {
    return words[r.nextInt(words.length)];
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
