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
 * initializer from the route table the processor wrote. Matching walks one node per path
 * segment; a literal segment wins over a variable at the same depth.
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
    List<String> segments = segments(template);
    String[] names = new String[segments.size()];
    Node node = root;
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
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

  /** Finds the route for a request. */
  public Match match(String method, String path) {
    List<String> segments = segments(path);
    Node node = find(root, segments, 0);
    if (node == null) {
      return Match.NOT_FOUND;
    }
    Integer route = node.methods.get(method);
    if (route == null && "HEAD".equals(method)) {
      route = node.methods.get("GET");
    }
    if (route == null) {
      return new Match(-1, Map.of(), new TreeSet<>(node.methods.keySet()));
    }
    String[] names = variableNames.get(route);
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null) {
        variables.put(names[i], decode(segments.get(i)));
      }
    }
    return new Match(route, Collections.unmodifiableMap(variables), Set.of());
  }

  private static Node find(Node node, List<String> segments, int depth) {
    if (depth == segments.size()) {
      return node.methods.isEmpty() ? null : node;
    }
    Node literal = node.literals.get(segments.get(depth));
    if (literal != null) {
      Node found = find(literal, segments, depth + 1);
      if (found != null) {
        return found;
      }
    }
    return node.variable == null ? null : find(node.variable, segments, depth + 1);
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    int start = 0;
    int length = path.length();
    while (start < length) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      if (end > start) {
        segments.add(path.substring(start, end));
      }
      start = end + 1;
    }
    return segments;
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
      byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      for (byte b : encoded) {
        out[n++] = b;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static final class Node {
    final Map<String, Node> literals = new HashMap<>();
    final Map<String, Integer> methods = new HashMap<>();
    Node variable;
  }

  /**
   * The outcome: a route index with its path variables, or {@code -1} with the methods the path
   * does allow (empty when the path is unknown).
   */
  public record Match(int route, Map<String, String> pathVariables, Set<String> allowedMethods) {
    static final Match NOT_FOUND = new Match(-1, Map.of(), Set.of());

    public boolean found() {
      return route >= 0;
    }
  }
}
