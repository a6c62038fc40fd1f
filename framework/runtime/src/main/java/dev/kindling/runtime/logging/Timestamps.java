package dev.kindling.runtime.logging;

/**
 * Formats epoch milliseconds as ISO-8601 UTC with milliseconds ({@code 2024-05-01T12:03:04.005Z}),
 * by arithmetic: {@code java.time}'s formatters would load a few hundred classes on the first
 * log line of a cold start.
 */
final class Timestamps {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private Timestamps() {}

  static void append(StringBuilder out, long epochMillis) {
    long day = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
    appendDate(out, day);
    out.append('T');
    pad(out, millisOfDay / 3_600_000, 2);
    out.append(':');
    pad(out, millisOfDay / 60_000 % 60, 2);
    out.append(':');
    pad(out, millisOfDay / 1_000 % 60, 2);
    out.append('.');
    pad(out, millisOfDay % 1_000, 3);
    out.append('Z');
  }

  /** The civil date of a day since 1970-01-01 (Howard Hinnant's days-to-civil algorithm). */
  private static void appendDate(StringBuilder out, long epochDay) {
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    int dayOfMonth = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    pad(out, (int) year, 4);
    out.append('-');
    pad(out, month, 2);
    out.append('-');
    pad(out, dayOfMonth, 2);
  }

  private static void pad(StringBuilder out, int value, int width) {
    for (int limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
      if (value < limit) {
        out.append('0');
      }
    }
    out.append(value);
  }
}
