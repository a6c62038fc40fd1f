package dev.kindling.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code -Xlog:class+load:file=...} log read back: how many classes were loaded, by whom (grouped by package
 * owner), from where (class-data archive, jar, generated at run time), and when each group first appeared.
 */
public record ClassLoadLog(int total, int fromArchive, int generated, Map<String, Integer> byGroup,
    Map<String, Double> firstSeenSeconds, double lastSeconds) {

  /** {@code [0.123s][info][class,load] java.lang.Object source: shared objects file}. */
  private static final Pattern LINE =
      Pattern.compile("^\\[(\\d+\\.\\d+)s\\](?:\\[[^\\]]*\\])*\\s+(\\S+)\\s+source:\\s*(.*)$");

  /** Package prefixes to group names, first match wins. */
  private static final List<String[]> GROUPS = List.of(
      new String[] {"dev.kindling.bench.", "function code"},
      new String[] {"dev.kindling.", "Kindling runtime"},
      new String[] {"io.micronaut.", "Micronaut"},
      new String[] {"reactor.", "Reactor / reactive-streams"},
      new String[] {"org.reactivestreams.", "Reactor / reactive-streams"},
      new String[] {"com.fasterxml.jackson.", "Jackson"},
      new String[] {"com.amazonaws.lambda.thirdparty.", "RIC serialization (shaded Jackson)"},
      new String[] {"com.amazonaws.services.lambda.runtime.serialization.", "RIC serialization (shaded Jackson)"},
      new String[] {"com.amazonaws.", "RIC + lambda-core"},
      new String[] {"software.amazon.awssdk.utilslite.", "RIC + lambda-core"},
      new String[] {"software.amazon.", "AWS SDK v2"},
      new String[] {"jakarta.", "jakarta.*"},
      new String[] {"org.slf4j.", "SLF4J"},
      new String[] {"java.", "JDK"},
      new String[] {"javax.", "JDK"},
      new String[] {"jdk.", "JDK"},
      new String[] {"sun.", "JDK"},
      new String[] {"com.sun.", "JDK"});

  public static ClassLoadLog read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static ClassLoadLog parse(List<String> lines) {
    int total = 0;
    int archive = 0;
    int generated = 0;
    double last = 0;
    Map<String, Integer> groups = new LinkedHashMap<>();
    Map<String, Double> first = new LinkedHashMap<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      double uptime = Double.parseDouble(m.group(1));
      String name = m.group(2);
      String source = m.group(3);
      total++;
      last = Math.max(last, uptime);
      if (source.startsWith("shared objects file")) {
        archive++;
      }
      if (name.contains("$$Lambda") || name.contains("LambdaForm$") || name.contains("/0x")
          || source.startsWith("__") || source.startsWith("java.lang.invoke")) {
        generated++;
      }
      String group = groupOf(name);
      groups.merge(group, 1, Integer::sum);
      first.putIfAbsent(group, uptime);
    }
    return new ClassLoadLog(total, archive, generated, groups, first, last);
  }

  static String groupOf(String className) {
    for (String[] group : GROUPS) {
      if (className.startsWith(group[0])) {
        return group[1];
      }
    }
    return "other";
  }
}
