package dev.kindling.bench.logging.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.local.InvocationResult;
import dev.kindling.local.LocalFunction;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Cold start of one SQS function (five orders, one log line each plus the batch summary) in five
 * variants, round-robin in the same run: Kindling's JSON provider; the same jars with
 * {@code KINDLING_LOG_LEVEL=OFF}; the same jars with SLF4J's NOP provider (no backend at all);
 * the same function on Logback 1.5 with its {@code JsonEncoder}; and a hand-written handler with
 * Powertools logging 1.18.0. Each sample is {@code spawnToResponseNanos} of a fresh JVM's first
 * invocation through the real runtime interface client.
 */
public final class LoggingColdStart {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KINDLING_HANDLER = "dev.kindling.bench.logging.kindling.OrderEvents_PlacedSqsHandler::handleRequest";
  private static final String POWERTOOLS_HANDLER = "dev.kindling.bench.logging.powertools.OrderEventsHandler::handleRequest";
  private static final int ORDERS = 5;

  /** How one variant starts: its module's jars, extra jars, environment and JVM options. */
  private record Variant(
      String key, String label, String module, String handler, String extraClasspathFile,
      Map<String, String> environment, List<String> jvmOptions, boolean logs) {}

  private LoggingColdStart() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(System.getProperty("bench.dir", "benchmarks/logging")).toAbsolutePath().normalize();
    Path out = Path.of(System.getProperty("bench.out", dir.resolve("runner/target/bench").toString()));
    int runs = Math.max(10, Integer.getInteger("bench.runs", 12));
    int warmup = Integer.getInteger("bench.warmup", 1);
    int memory = Integer.getInteger("bench.memory", 512);
    boolean classLoad = Boolean.parseBoolean(System.getProperty("bench.classLoad", "true"));
    String logbackConfig = System.getProperty("bench.logbackConfig", dir.resolve("runner/src/main/resources/logback-json.xml").toString());
    Files.createDirectories(out);

    List<Variant> variants = List.of(
        new Variant("kindling", "Kindling JSON provider (default)", "kindling", KINDLING_HANDLER, null, Map.of(), List.of(), true),
        new Variant("off", "Kindling, KINDLING_LOG_LEVEL=OFF", "kindling", KINDLING_HANDLER, null,
            Map.of("KINDLING_LOG_LEVEL", "OFF"), List.of(), false),
        new Variant("nop", "Kindling, SLF4J NOP provider (no backend)", "kindling", KINDLING_HANDLER, null, Map.of(),
            List.of("-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider"), false),
        new Variant("logback", "Kindling on Logback 1.5.38 JsonEncoder", "kindling", KINDLING_HANDLER, "logback-classpath.txt",
            Map.of(), List.of("-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider",
                "-Dlogback.configurationFile=" + logbackConfig), true),
        new Variant("powertools", "hand-written + Powertools logging 1.18.0", "powertools", POWERTOOLS_HANDLER, null,
            Map.of(), List.of(), true));

    String event = sqsEvent();
    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "Logging cold start: %d measured rounds (+%d warm-up), %d MB, JDK %s, load average at start %s%n",
        runs, warmup, memory, System.getProperty("java.version"), loadAverage()));
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    variants.forEach(v -> samples.put(v.key(), new ArrayList<>()));
    for (int round = 0; round < warmup + runs; round++) {
      for (Variant variant : variants) {
        double millis = coldStart(dir, variant, memory, event, List.of()).spawnToResponseNanos() / 1e6;
        if (round >= warmup) {
          samples.get(variant.key()).add(millis);
        }
      }
      System.out.printf(Locale.ROOT, "round %d/%d done%n", round + 1, warmup + runs);
    }

    report.append(String.format(Locale.ROOT, "%n%-44s %9s %9s %9s %9s%n", "variant (spawn to first response, ms)", "median", "p90", "min", "max"));
    Map<String, Double> medians = new LinkedHashMap<>();
    for (Variant variant : variants) {
      List<Double> sorted = samples.get(variant.key()).stream().sorted().toList();
      double median = median(sorted);
      medians.put(variant.key(), median);
      report.append(String.format(Locale.ROOT, "%-44s %9.1f %9.1f %9.1f %9.1f%n", variant.label(), median,
          sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1), sorted.get(0), sorted.get(sorted.size() - 1)));
    }
    report.append(String.format(Locale.ROOT, "%nratios of medians:%n"));
    ratio(report, medians, "kindling", "off", "Kindling logging on / off (target <= 1.10)");
    ratio(report, medians, "kindling", "nop", "Kindling logging on / no SLF4J backend");
    ratio(report, medians, "logback", "kindling", "Logback JsonEncoder / Kindling provider");
    ratio(report, medians, "kindling", "powertools", "Kindling / hand-written + Powertools 1.18.0");

    if (classLoad) {
      report.append(String.format(Locale.ROOT, "%nclasses loaded (first invocation, then shutdown; -Xlog:class+load):%n"));
      for (Variant variant : variants) {
        Path log = out.resolve("classload-" + variant.key() + ".log");
        Files.deleteIfExists(log);
        coldStart(dir, variant, memory, event, List.of("-Xlog:class+load=info:file=" + log));
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        long shared = lines.stream().filter(line -> line.contains("shared objects file")).count();
        report.append(String.format(Locale.ROOT, "%-44s %6d (%d from CDS)%n", variant.label(), lines.size(), shared));
      }
    }
    samples.forEach((key, values) -> report.append(String.format(Locale.ROOT, "%nsamples %s: %s", key,
        values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList())));
    report.append(String.format(Locale.ROOT, "%n%nload average at end %s%n", loadAverage()));
    System.out.print(report);
    Files.writeString(out.resolve("logging-cold-start.txt"), report, StandardCharsets.UTF_8);
  }

  /** One fresh JVM, one invocation; fails the run when the answer or the log is not what the variant writes. */
  private static InvocationResult coldStart(Path dir, Variant variant, int memory, String event, List<String> extraOptions)
      throws IOException {
    List<String> lines = new CopyOnWriteArrayList<>();
    List<String> options = new ArrayList<>(variant.jvmOptions());
    options.addAll(extraOptions);
    InvocationResult result;
    try (LocalFunction function =
        LocalFunction.builder(variant.handler())
            .classpath(classpath(dir, variant))
            .functionName("orders-placed")
            .memorySizeMb(memory)
            .environment(variant.environment())
            .addJvmOptions(options.toArray(String[]::new))
            .logSink(lines::add)
            .build()) {
      result = function.invoke(event);
    }
    if (!result.success() || !JSON.readTree(result.payload()).path("batchItemFailures").isEmpty()
        || !result.coldStart()) {
      throw new IllegalStateException(variant.key() + " answered " + result + "\n" + String.join("\n", lines));
    }
    checkLog(variant, lines);
    return result;
  }

  private static void checkLog(Variant variant, List<String> lines) throws IOException {
    long orders = 0;
    for (String line : lines) {
      if (line.startsWith("SLF4J(I): Attempting to load provider")) {
        continue; // printed by slf4j-api 2.0.9+ whenever slf4j.provider is set
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        throw new IllegalStateException(variant.key() + " wrote a line that is not JSON: " + line, e);
      }
      if (node.toString().contains(" placed for ")) {
        orders++;
        // Top-level fields, or Logback's "mdc" object: each order line must know its record and invocation.
        if (node.findValue("record_id") == null || node.findValue("function_request_id") == null) {
          throw new IllegalStateException(variant.key() + " logged an order without record_id or function_request_id: " + line);
        }
      }
    }
    long expected = variant.logs() ? ORDERS : 0;
    if (orders != expected) {
      throw new IllegalStateException(variant.key() + " logged " + orders + " order lines, expected " + expected
          + ":\n" + String.join("\n", lines));
    }
  }

  /** The module's function jar and its runtime dependencies, plus the variant's extra jars. */
  private static List<Path> classpath(Path dir, Variant variant) throws IOException {
    Path target = dir.resolve(variant.module()).resolve("target");
    List<Path> entries = new ArrayList<>();
    entries.add(target.resolve("function.jar"));
    entries.addAll(listed(target.resolve("bench-classpath.txt")));
    if (variant.extraClasspathFile() != null) {
      entries.addAll(listed(target.resolve(variant.extraClasspathFile())));
    }
    for (Path entry : entries) {
      if (!Files.isRegularFile(entry)) {
        throw new IllegalStateException(entry + " is missing: build with mvn -B -Pbench -pl benchmarks/logging/runner -am verify");
      }
    }
    return entries;
  }

  private static List<Path> listed(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " is missing: build with mvn -B -Pbench -pl benchmarks/logging/runner -am verify");
    }
    return Stream.of(Files.readString(file, StandardCharsets.UTF_8).trim().split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry.trim()))
        .toList();
  }

  private static String sqsEvent() {
    StringBuilder records = new StringBuilder();
    for (int i = 1; i <= ORDERS; i++) {
      if (i > 1) {
        records.append(',');
      }
      records.append("{\"messageId\":\"m-").append(i).append("\",\"receiptHandle\":\"rh-").append(i)
          .append("\",\"body\":\"{\\\"orderId\\\":\\\"o-").append(i).append("\\\",\\\"amount\\\":12.5}\"")
          .append(",\"attributes\":{\"ApproximateReceiveCount\":\"1\",\"SentTimestamp\":\"1773100000000\"}")
          .append(",\"messageAttributes\":{},\"md5OfBody\":\"x\",\"eventSource\":\"aws:sqs\"")
          .append(",\"eventSourceARN\":\"arn:aws:sqs:us-east-1:123456789012:orders-placed\",\"awsRegion\":\"us-east-1\"}");
    }
    return "{\"Records\":[" + records + "]}";
  }

  private static void ratio(StringBuilder report, Map<String, Double> medians, String over, String under, String label) {
    report.append(String.format(Locale.ROOT, "  %-48s %.3f%n", label, medians.get(over) / medians.get(under)));
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
