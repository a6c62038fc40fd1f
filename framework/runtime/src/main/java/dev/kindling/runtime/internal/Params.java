package dev.kindling.runtime.internal;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * Converts path, query and header text to the parameter types the processor allows. A missing
 * value for a primitive, or text that does not convert, is the client's mistake: 400.
 */
public final class Params {
  private Params() {}

  public static String required(String raw, String description) {
    if (raw == null) {
      throw missing(description);
    }
    return raw;
  }

  public static int toInt(String raw, String description) {
    return convert(required(raw, description), description, text -> Integer.parseInt(integer(text)), "an integer");
  }

  public static Integer toInteger(String raw, String description) {
    return raw == null ? null : convert(raw, description, text -> Integer.valueOf(integer(text)), "an integer");
  }

  public static long toLong(String raw, String description) {
    return convert(required(raw, description), description, text -> Long.parseLong(integer(text)), "an integer");
  }

  public static Long toLongObject(String raw, String description) {
    return raw == null ? null : convert(raw, description, text -> Long.valueOf(integer(text)), "an integer");
  }

  public static double toDouble(String raw, String description) {
    return convert(required(raw, description), description, Params::decimal, "a number");
  }

  public static Double toDoubleObject(String raw, String description) {
    return raw == null ? null : convert(raw, description, Params::decimal, "a number");
  }

  public static boolean toBoolean(String raw, String description) {
    return convert(required(raw, description), description, Params::parseBoolean, "true or false");
  }

  public static Boolean toBooleanObject(String raw, String description) {
    return raw == null ? null : convert(raw, description, Params::parseBoolean, "true or false");
  }

  public static UUID toUuid(String raw, String description) {
    return raw == null ? null : convert(raw, description, UUID::fromString, "a UUID");
  }

  public static <E extends Enum<E>> E toEnum(String raw, String description, Class<E> type) {
    if (raw == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(raw)) {
        return constant;
      }
    }
    throw new InvalidInputException(
        "Invalid " + description,
        List.of(new InvalidInputException.Violation(name(description), "must be one of " + List.of(type.getEnumConstants()))));
  }

  private static Boolean parseBoolean(String raw) {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException(raw);
    };
  }

  /** An integer as decimal ASCII digits only: not {@code ٥٠}, which {@code parseInt} takes as 50. */
  private static String integer(String text) {
    int start = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
    if (start == text.length() || !only(text, start, "0123456789")) {
      throw new IllegalArgumentException("not an integer");
    }
    return text;
  }

  /**
   * A finite decimal number: not {@code NaN}, {@code Infinity}, a hexadecimal float or a
   * {@code d} suffix, all of which {@code parseDouble} takes, and none of which a limit check expects.
   */
  private static Double decimal(String text) {
    // Digits, sign, point and exponent only; parseDouble then rejects what is not a number.
    if (!only(text, 0, "0123456789+-.eE")) {
      throw new IllegalArgumentException("not a decimal number");
    }
    double value = Double.parseDouble(text);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("out of range");
    }
    return value;
  }

  private static boolean only(String text, int from, String allowed) {
    for (int i = from; i < text.length(); i++) {
      if (allowed.indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static <T> T convert(String raw, String description, Function<String, T> parse, String expected) {
    try {
      return parse.apply(raw.trim());
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          "Invalid " + description,
          List.of(new InvalidInputException.Violation(name(description), "must be " + expected)));
    }
  }

  private static InvalidInputException missing(String description) {
    return new InvalidInputException(
        "Missing " + description,
        List.of(new InvalidInputException.Violation(name(description), "is required")));
  }

  /** {@code "query parameter 'limit'"} → {@code "limit"}. */
  private static String name(String description) {
    int open = description.indexOf('\'');
    int close = description.lastIndexOf('\'');
    return open >= 0 && close > open ? description.substring(open + 1, close) : description;
  }
}
