package dev.kindling.runtime.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes JSON text by hand, so plain log lines need no JSON library (Jackson is used only for a
 * logged object that is not a JDK value, see {@link ValueTrees}). Strings are escaped as RFC 8259
 * requires (quote, backslash, control characters), plus lone surrogates, which UTF-8 cannot
 * carry; other non-ASCII text stays as it is and is written as UTF-8, and a line break in a
 * message never splits the line.
 */
final class JsonText {
  static final String REDACTED = "***";

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** Deeper values are written as a placeholder, so a collection that contains itself cannot overflow the stack. */
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
   * Appends a value a user logged (a key-value pair, or inside one), without ever writing the
   * {@code toString()} of an object of the application's, which may hold anything: text, numbers and
   * booleans as themselves; maps as objects; collections and arrays as arrays; a Jackson tree as it
   * is; JDK values whose text is their value (enums, dates, UUIDs, paths...) as that text; any other
   * object (a record, a bean) property by property as Jackson writes it, or, if it cannot, as a
   * placeholder naming its type. Every property and map entry whose name is redacted is written as
   * {@value #REDACTED}.
   */
  static void appendValue(StringBuilder out, Object value, LoggingSettings settings) {
    appendValue(out, value, settings, 0);
  }

  private static void appendValue(StringBuilder out, Object value, LoggingSettings settings, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence text) {
      appendString(out, text);
    } else if (value instanceof Number number) {
      appendNumber(out, number);
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (isText(value)) {
      appendString(out, text(value));
    } else if (value instanceof JsonNode node) {
      appendNode(out, node, settings);
    } else if (depth >= MAX_DEPTH) {
      appendString(out, "<nested deeper than " + MAX_DEPTH + " levels>");
    } else if (value instanceof Map<?, ?> map) {
      appendMap(out, map, settings, depth);
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
    } else if (value instanceof Optional<?> optional) {
      appendValue(out, optional.orElse(null), settings, depth + 1);
    } else {
      JsonNode tree = ValueTrees.tree(value);
      if (tree != null) {
        appendNode(out, tree, settings);
      } else {
        appendString(out, "<" + value.getClass().getName() + ", not serializable to JSON>");
      }
    }
  }

  /** JDK values whose text is the value itself, written as that text. */
  private static boolean isText(Object value) {
    return value instanceof Character || value instanceof Enum<?> || value instanceof UUID || value instanceof Path
        || value instanceof URI || value instanceof TemporalAccessor || value instanceof TemporalAmount
        || value instanceof Locale || value instanceof Currency || value instanceof Class<?>;
  }

  private static String text(Object value) {
    if (value instanceof Enum<?> constant) {
      return constant.name();
    }
    return value instanceof Class<?> type ? type.getName() : value.toString();
  }

  private static void appendMap(StringBuilder out, Map<?, ?> map, LoggingSettings settings, int depth) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      String key = key(entry.getKey());
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

  /** A map key as text: text, numbers, booleans and JDK value types as they are, any other object by its type. */
  static String key(Object key) {
    if (key == null || key instanceof CharSequence || key instanceof Number || key instanceof Boolean) {
      return String.valueOf(key);
    }
    return isText(key) ? text(key) : "<" + key.getClass().getName() + ">";
  }

  /** A Jackson tree, with redacted properties at any depth; binary and embedded objects by size or type only. */
  private static void appendNode(StringBuilder out, JsonNode node, LoggingSettings settings) {
    if (node.isObject()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        appendString(out, property.getKey());
        out.append(':');
        if (settings.redacts(property.getKey())) {
          appendString(out, REDACTED);
        } else {
          appendNode(out, property.getValue(), settings);
        }
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        appendNode(out, node.get(i), settings);
      }
      out.append(']');
    } else if (node.isTextual()) {
      appendString(out, node.textValue());
    } else if (node.isNumber()) {
      appendNumber(out, node.numberValue());
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else if (node instanceof BinaryNode binary) {
      appendString(out, "<binary, " + binary.binaryValue().length + " bytes>");
    } else if (node instanceof POJONode pojo) {
      appendString(out, "<" + (pojo.getPojo() == null ? "null" : pojo.getPojo().getClass().getName()) + ">");
    } else {
      out.append("null");
    }
  }

  /** Integers and decimals as JSON numbers; JSON has no NaN or infinity, those become strings, as do other numbers. */
  private static void appendNumber(StringBuilder out, Number number) {
    if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
        || number instanceof BigInteger) {
      out.append(number);
    } else if (number instanceof Double || number instanceof Float) {
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
