package dev.kindling.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A segment tree over the routes of one {@code _HttpHandler}, built once in its static
 * initializer from the route table the processor wrote. It picks the route API Gateway picks:
 * among the routes that have the request's method, the most specific one, a literal segment
 * winning over a variable at the same depth (with backtracking). A route with another method
 * never shadows one with the request's method. Paths are taken literally: a trailing slash or an
 * empty segment is a segment of its own, which no route declares and no variable matches.
 */
public final class Router {
  private final Node root = new Node();
  private final List<String[]> variableNames = new ArrayList<>();

  private Router() {}

  /**
   * Builds the router; route {@code i} is {@code routes[i]}, written {@code "METHOD /path"}.
   */
  public static Router of(String... routes) {
    Router router = new Router();
    for (String route : routes) {
      int space = route.indexOf(' ');
      router.add(route.substring(0, space), route.substring(space + 1));
    }
    return router;
  }

  private void add(String method, String template) {
    String[] segments = segments(template);
    String[] names = new String[segments.length];
    Node node = root;
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.startsWith("{") && segment.endsWith("}")) {
        names[i] = segment.substring(1, segment.length() - 1);
        if (node.variable == null) {
          node.variable = new Node();
        }
        node = node.variable;
      } else {
        node = node.literals.computeIfAbsent(segment, s -> new Node());
      }
    }
    node.methods.put(method, variableNames.size());
    variableNames.add(names);
  }

  /**
   * Finds the route for a request. HEAD is matched as HEAD first, so a HEAD route is chosen
   * exactly as API Gateway chooses it, and only when no HEAD route matches the path as GET.
   */
  public Match match(String method, String path) {
    String[] segments = segments(path);
    if (segments == null) {
      return Match.NOT_FOUND;
    }
    Integer route = find(root, segments, 0, method);
    if (route == null && "HEAD".equals(method)) {
      route = find(root, segments, 0, "GET");
    }
    if (route != null) {
      return new Match(route, bind(variableNames.get(route), segments), Set.of());
    }
    Set<String> allowed = new TreeSet<>();
    collectMethods(root, segments, 0, allowed);
    return allowed.isEmpty() ? Match.NOT_FOUND : new Match(-1, Map.of(), Collections.unmodifiableSet(allowed));
  }

  /** The first route with {@code method} in literal-before-variable order, or {@code null}. */
  private static Integer find(Node node, String[] segments, int depth, String method) {
    if (depth == segments.length) {
      return node.methods.get(method);
    }
    String segment = segments[depth];
    Node literal = node.literals.get(segment);
    if (literal != null) {
      Integer found = find(literal, segments, depth + 1, method);
      if (found != null) {
        return found;
      }
    }
    return node.variable == null || segment.isEmpty() ? null : find(node.variable, segments, depth + 1, method);
  }

  /** Adds the methods of every route that matches the path, whichever it is, for {@code Allow}. */
  private static void collectMethods(Node node, String[] segments, int depth, Set<String> allowed) {
    if (depth == segments.length) {
      allowed.addAll(node.methods.keySet());
      return;
    }
    String segment = segments[depth];
    Node literal = node.literals.get(segment);
    if (literal != null) {
      collectMethods(literal, segments, depth + 1, allowed);
    }
    if (node.variable != null && !segment.isEmpty()) {
      collectMethods(node.variable, segments, depth + 1, allowed);
    }
  }

  private static Map<String, String> bind(String[] names, String[] segments) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null) {
        variables.put(names[i], decode(segments[i]));
      }
    }
    return Collections.unmodifiableMap(variables);
  }

  /**
   * Splits a path at every {@code /}, keeping empty segments: {@code /} has none,
   * {@code /orders/} has {@code orders} and an empty one, {@code //orders} an empty one and
   * {@code orders}. {@code null} when the path does not start with {@code /}.
   */
  private static String[] segments(String path) {
    if (!path.startsWith("/")) {
      return null;
    }
    return path.length() == 1 ? new String[0] : path.substring(1).split("/", -1);
  }

  /** Percent-decodes one path segment; unlike form decoding, {@code +} stays a plus. */
  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    byte[] out = new byte[segment.length() * 3];
    int n = 0;
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length()) {
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out[n++] = (byte) ((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      // A whole code point: a character outside the Basic Multilingual Plane is two chars.
      int codePoint = segment.codePointAt(i);
      byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
      for (byte b : encoded) {
        out[n++] = b;
      }
      i += Character.charCount(codePoint) - 1;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static final class Node {
    final Map<String, Node> literals = new HashMap<>();
    final Map<String, Integer> methods = new HashMap<>();
    Node variable;
  }

  /**
   * The outcome: a route index with its path variables, or {@code -1} with the methods of every
   * route that matches the path, sorted (empty when none does).
   */
  public record Match(int route, Map<String, String> pathVariables, Set<String> allowedMethods) {
    static final Match NOT_FOUND = new Match(-1, Map.of(), Set.of());

    public boolean found() {
      return route >= 0;
    }
  }
}
