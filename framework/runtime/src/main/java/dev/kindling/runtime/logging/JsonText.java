package dev.kindling.runtime.logging;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes JSON text by hand, so logging needs no JSON library. Strings are escaped as RFC 8259
 * requires (quote, backslash, control characters), plus lone surrogates, which UTF-8 cannot
 * carry; other non-ASCII text stays as it is and is written as UTF-8, and a line break in a
 * message never splits the line.
 */
final class JsonText {
  static final String REDACTED = "***";

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** Deeper values are written as text, so a collection that contains itself cannot overflow the stack. */
  private static final int MAX_DEPTH = 16;

  private JsonText() {}

  /** Appends {@code text} as a JSON string, or {@code null}. */
  static void appendString(StringBuilder out, CharSequence text) {
    if (text == null) {
      out.append("null");
      return;
    }
    out.append('"');
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else if (Character.isSurrogate(c) && !pairedSurrogate(text, i)) {
            // Escaped, so it survives the UTF-8 encoding of the line instead of becoming '?'.
            out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Whether the surrogate at {@code i} is half of a well-formed pair. */
  private static boolean pairedSurrogate(CharSequence text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }

  /** Appends {@code ,"name":} ready for a value. */
  static void appendName(StringBuilder out, String name) {
    out.append(',');
    appendString(out, name);
    out.append(':');
  }

  /**
   * Appends a value a user logged: numbers and booleans as JSON literals, maps as objects,
   * collections and arrays as arrays, {@link RawJson} as it is, anything else as its
   * {@code toString()}. Map entries whose key is redacted are written as {@value #REDACTED}.
   */
  static void appendValue(StringBuilder out, Object value, LoggingSettings settings) {
    appendValue(out, value, settings, 0);
  }

  private static void appendValue(StringBuilder out, Object value, LoggingSettings settings, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence text) {
      appendString(out, text);
    } else if (value instanceof RawJson raw) {
      out.append(raw.json());
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
        || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof Number number) {
      appendNumber(out, number);
    } else if (depth >= MAX_DEPTH) {
      appendString(out, String.valueOf(value));
    } else if (value instanceof Map<?, ?> map) {
      appendMap(out, map, settings, depth);
    } else if (value instanceof Path path) {
      appendString(out, path.toString());
    } else if (value instanceof Iterable<?> items) {
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          out.append(',');
        }
        first = false;
        appendValue(out, item, settings, depth + 1);
      }
      out.append(']');
    } else if (value.getClass().isArray()) {
      out.append('[');
      int length = Array.getLength(value);
      for (int i = 0; i < length; i++) {
        if (i > 0) {
          out.append(',');
        }
        appendValue(out, Array.get(value, i), settings, depth + 1);
      }
      out.append(']');
    } else {
      appendString(out, String.valueOf(value));
    }
  }

  private static void appendMap(StringBuilder out, Map<?, ?> map, LoggingSettings settings, int depth) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      String key = String.valueOf(entry.getKey());
      appendString(out, key);
      out.append(':');
      if (settings.redacts(key)) {
        appendString(out, REDACTED);
      } else {
        appendValue(out, entry.getValue(), settings, depth + 1);
      }
    }
    out.append('}');
  }

  /** JSON has no NaN or infinity; those become strings. */
  private static void appendNumber(StringBuilder out, Number number) {
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        appendString(out, number.toString());
        return;
      }
      out.append(number);
    } else if (number instanceof BigDecimal decimal) {
      out.append(decimal.toString());
    } else {
      appendString(out, number.toString());
    }
  }
}
