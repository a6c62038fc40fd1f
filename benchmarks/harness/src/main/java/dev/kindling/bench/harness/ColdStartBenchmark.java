package dev.kindling.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.local.DynamoDbLocalServer;
import dev.kindling.local.InvocationResult;
import dev.kindling.local.LambdaJvmOptions;
import dev.kindling.local.LocalFunction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Cold start of the same small JSON function written several ways ({@link Suite}), in one run: fresh child JVMs
 * started by {@link LocalFunction} against the local Lambda Runtime API, measured from process spawn to the first
 * response, round-robin (a, b, c, a, b, c, ...) so that machine noise hits every variant alike. A suite with a
 * DynamoDB-backed variant runs DynamoDB Local (in process, in memory) for it.
 *
 * <p>Settings (system properties): {@code bench.suite} ({@code cold-start}, the default, or {@code idempotency}),
 * {@code bench.dir} (the benchmarks directory), {@code bench.out} (where logs and
 * the report go), {@code bench.runs} (measured rounds, default 15, at least 10), {@code bench.warmup} (discarded
 * rounds, default 1), {@code bench.memory} (function memory in MB, sizes the heap as Lambda does, default 512),
 * {@code bench.classLoad} (one extra {@code -Xlog:class+load} run per variant, default true), {@code bench.jdk25}
 * (run on the Temurin 25 JDK at {@code bench.jdk25.home} instead of this JVM's JDK) and {@code bench.aot} (with
 * JDK 25: train and use a per-variant AOT cache, default true).
 */
public final class ColdStartBenchmark {

  static final String EVENT = "{\"name\":\"x\",\"quantity\":3}";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRAINING_INVOCATIONS = 3;
  private static final String IDEMPOTENCY_TABLE = "bench-idempotency";

  private final Settings settings;
  private final PrintStream out;
  private final StringBuilder report = new StringBuilder();
  private final Map<String, Integer> crashes = new LinkedHashMap<>();
  private final AtomicInteger spawns = new AtomicInteger();
  private String dynamoDbLocal;

  private ColdStartBenchmark(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    new ColdStartBenchmark(Settings.fromSystemProperties(), System.out).run();
    // DynamoDB Local leaves a non-daemon job thread running after it is stopped.
    System.exit(0);
  }

  record Settings(Suite suite, Path benchmarksDir, Path outDir, int runs, int warmup, int memoryMb,
      boolean classLoad, boolean jdk25, Path javaHome, boolean aot) {

    static Settings fromSystemProperties() {
      Path dir = Path.of(System.getProperty("bench.dir", "benchmarks")).toAbsolutePath().normalize();
      Path outDir = Path.of(System.getProperty("bench.out", dir.resolve("harness/target/bench").toString()));
      int runs = Integer.getInteger("bench.runs", 15);
      if (runs < 10) {
        throw new IllegalArgumentException("bench.runs must be at least 10: " + runs);
      }
      boolean jdk25 = Boolean.parseBoolean(System.getProperty("bench.jdk25", "false"));
      Path javaHome = jdk25
          ? Path.of(System.getProperty("bench.jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"))
          : Path.of(System.getProperty("java.home"));
      return new Settings(Suite.named(System.getProperty("bench.suite", Suite.COLD_START.name())), dir,
          outDir.toAbsolutePath().normalize(), runs, Integer.getInteger("bench.warmup", 1),
          Integer.getInteger("bench.memory", 512),
          Boolean.parseBoolean(System.getProperty("bench.classLoad", "true")), jdk25, javaHome,
          jdk25 && Boolean.parseBoolean(System.getProperty("bench.aot", "true")));
    }

    String jdkLabel() {
      return jdk25 ? (aot ? "jdk25-aot" : "jdk25") : "jdk" + Runtime.version().feature();
    }
  }

  private void run() throws Exception {
    if (!settings.suite().needsDynamoDbLocal()) {
      measureAll();
      return;
    }
    try (DynamoDbLocalServer server = DynamoDbLocalServer.start(); DynamoDbClient client = server.newClient()) {
      client.createTable(table -> table.tableName(IDEMPOTENCY_TABLE)
          .keySchema(key -> key.attributeName("id").keyType(KeyType.HASH))
          .attributeDefinitions(id -> id.attributeName("id").attributeType(ScalarAttributeType.S))
          .billingMode(BillingMode.PAY_PER_REQUEST));
      dynamoDbLocal = server.endpoint().toString();
      measureAll();
    }
  }

  private void measureAll() throws Exception {
    Files.createDirectories(settings.outDir());
    List<Variant> variants = settings.suite().variants();
    Map<Variant, List<Path>> classpaths = new LinkedHashMap<>();
    for (Variant variant : variants) {
      classpaths.put(variant, snapshot(variant, variant.classpath(settings.benchmarksDir())));
    }

    line("Kindling cold-start benchmark, suite %s: process spawn -> first response, local Runtime API + runtime"
        + " interface client", settings.suite().name());
    line("JDK      %s (%s)", settings.javaHome(), javaVersion(settings.javaHome()));
    line("JVM      %s%s", String.join(" ", jvmOptions()),
        settings.aot() ? " -XX:AOTCache=<variant>.aot" : "");
    line("Event    %s", EVENT);
    line("Machine  %d CPUs, load average at start %s", Runtime.getRuntime().availableProcessors(), loadAverage());
    line("Rounds   %d measured + %d warm-up, round-robin %s", settings.runs(), settings.warmup(),
        variants.stream().map(Variant::key).collect(Collectors.joining(",")));
    for (Variant variant : variants) {
      line("(%s) %-36s cp: %s", variant.key(), variant.label(), classpaths.get(variant).stream()
          .map(p -> p.getFileName().toString()).collect(Collectors.joining(" ")));
    }
    line("");

    Map<Variant, List<String>> extraOptions = new LinkedHashMap<>();
    for (Variant variant : variants) {
      extraOptions.put(variant, settings.aot() ? List.of("-XX:AOTCache=" + train(variant, classpaths.get(variant)))
          : List.of());
    }

    Map<Variant, List<Double>> millis = new LinkedHashMap<>();
    Map<Variant, List<Double>> cpuMillis = new LinkedHashMap<>();
    variants.forEach(v -> millis.put(v, new ArrayList<>()));
    variants.forEach(v -> cpuMillis.put(v, new ArrayList<>()));
    int rounds = settings.warmup() + settings.runs();
    for (int round = 1; round <= rounds; round++) {
      boolean warm = round <= settings.warmup();
      StringBuilder progress = new StringBuilder(warm ? String.format(Locale.ROOT, "warm-up %d/%d:", round,
          settings.warmup()) : String.format(Locale.ROOT, "round %2d/%d:", round - settings.warmup(), settings.runs()));
      for (Variant variant : variants) {
        Sample sample = measure(variant, classpaths.get(variant), extraOptions.get(variant));
        double ms = sample.wallNanos() / 1e6;
        progress.append(String.format(Locale.ROOT, "  %s %6.1f ms", variant.key(), ms));
        if (!warm) {
          millis.get(variant).add(ms);
          if (sample.cpuNanos() >= 0) {
            cpuMillis.get(variant).add(sample.cpuNanos() / 1e6);
          }
        }
      }
      out.println(progress);
    }
    line("");

    Map<Variant, Stats> stats = new LinkedHashMap<>();
    variants.forEach(v -> stats.put(v, Stats.of(millis.get(v))));
    line("Cold start on %s, spawn -> first response, ms (n = %d each)", settings.jdkLabel(), settings.runs());
    line("%-42s %8s %8s %8s %8s   %s", "variant", "median", "p90", "min", "max", "child CPU ms, median");
    for (Variant variant : variants) {
      Stats s = stats.get(variant);
      List<Double> cpu = cpuMillis.get(variant);
      line("%-42s %8.1f %8.1f %8.1f %8.1f   %s", "(" + variant.key() + ") " + variant.label(), s.median(), s.p90(),
          s.min(), s.max(), cpu.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.0f", Stats.of(cpu).median()));
    }
    boolean cpuKnown = cpuMillis.values().stream().noneMatch(List::isEmpty);
    for (Suite.Ratio ratio : settings.suite().ratios()) {
      double wall = stats.get(ratio.over()).median() / stats.get(ratio.under()).median();
      String cpu = cpuKnown
          ? String.format(Locale.ROOT, "   by child CPU time %.2f", Stats.of(cpuMillis.get(ratio.over())).median()
              / Stats.of(cpuMillis.get(ratio.under())).median())
          : "";
      line("%s = %.2f (%s)%s", ratio.label(), wall, ratio.meaning(), cpu);
    }
    if (cpuKnown) {
      line("(child CPU time: user+sys of the function JVM up to its first response; less sensitive to load)");
    }
    for (Variant variant : variants) {
      line("raw (%s) ms: %s", variant.key(), millis.get(variant).stream()
          .map(ms -> String.format(Locale.ROOT, "%.0f", ms)).collect(Collectors.joining(" ")));
    }
    if (!crashes.isEmpty()) {
      line("runtimes that exited before answering (retried, logs in %s): %s", settings.outDir(), crashes);
    }
    line("load average at end %s (other work on the machine inflates absolute times; ratios hold better)",
        loadAverage());
    line("");

    if (settings.classLoad()) {
      classLoadReport(variants, classpaths, extraOptions);
    }

    Path reportFile = settings.outDir().resolve(settings.suite().name() + "-" + settings.jdkLabel() + ".txt");
    Files.writeString(reportFile, report, StandardCharsets.UTF_8);
    out.println("Report written to " + reportFile);
  }

  /**
   * Copies a variant's jars to {@code <out>/lib/<module>/} (like a deployment package's {@code lib/}), so that the
   * run does not depend on reactor {@code target/} directories that a concurrent build may clean or rewrite.
   */
  private List<Path> snapshot(Variant variant, List<Path> classpath) throws IOException {
    Path dir = settings.outDir().resolve("lib").resolve(variant.module());
    if (Files.isDirectory(dir)) {
      try (var old = Files.list(dir)) {
        for (Path file : old.toList()) {
          Files.delete(file);
        }
      }
    }
    Files.createDirectories(dir);
    List<Path> copies = new ArrayList<>();
    for (Path jar : classpath) {
      Path copy = dir.resolve(jar.getFileName());
      if (Files.exists(copy)) {
        throw new IllegalStateException("Two jars named " + jar.getFileName() + " on the class path of " + variant.key());
      }
      Files.copy(jar, copy, StandardCopyOption.COPY_ATTRIBUTES);
      copies.add(copy);
    }
    return copies;
  }

  /** One diagnostic run per variant with class-load logging; counts the classes loaded by the first response. */
  private void classLoadReport(List<Variant> variants, Map<Variant, List<Path>> classpaths,
      Map<Variant, List<String>> extraOptions) throws Exception {
    Map<Variant, ClassLoadLog> logs = new LinkedHashMap<>();
    for (Variant variant : variants) {
      Path file = settings.outDir().resolve("classload-" + settings.jdkLabel() + "-" + variant.module() + ".log");
      Files.deleteIfExists(file);
      List<String> options = new ArrayList<>(extraOptions.get(variant));
      options.add("-Xlog:class+load=info:file=" + file + ":uptime,level,tags");
      ClassLoadLog[] atResponse = new ClassLoadLog[1];
      coldStart(variant, classpaths.get(variant), options, () -> atResponse[0] = ClassLoadLog.read(file));
      logs.put(variant, atResponse[0]);
    }
    line("Classes loaded by the first response (one -Xlog:class+load run each; logs in %s)", settings.outDir());
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-40s", ""));
    variants.forEach(v -> header.append(String.format(Locale.ROOT, " %12s", "(" + v.key() + ")")));
    line("%s", header);
    row("total", variants, v -> Integer.toString(logs.get(v).total()));
    row("  from the CDS / AOT archive", variants, v -> Integer.toString(logs.get(v).fromArchive()));
    row("  generated (lambdas, method handles)", variants, v -> Integer.toString(logs.get(v).generated()));
    Set<String> groups = new LinkedHashSet<>();
    logs.values().forEach(log -> groups.addAll(log.byGroup().keySet()));
    for (String group : groups) {
      row("  " + group, variants, v -> Integer.toString(logs.get(v).byGroup().getOrDefault(group, 0)));
    }
    line("First class of each group loaded at (JVM uptime, s; logging slows the run):");
    for (String group : groups) {
      row("  " + group, variants, v -> {
        Double seconds = logs.get(v).firstSeenSeconds().get(group);
        return seconds == null ? "-" : String.format(Locale.ROOT, "%.3f", seconds);
      });
    }
    row("  last class before the response", variants,
        v -> String.format(Locale.ROOT, "%.3f", logs.get(v).lastSeconds()));
    line("");
  }

  private interface AtResponse {
    void run() throws IOException;
  }

  /**
   * One measured cold start. A runtime that died before answering (Runtime.ExitError: a JVM crash, seen rarely
   * with JDK 25 in native code) is logged, counted and retried once; a wrong answer fails the benchmark.
   */
  private Sample measure(Variant variant, List<Path> classpath, List<String> extraOptions) throws IOException {
    try {
      return coldStart(variant, classpath, extraOptions, null);
    } catch (RuntimeExited e) {
      crashes.merge(variant.key(), 1, Integer::sum);
      out.println("(" + variant.key() + ") runtime exited before answering, retrying once: " + e.getMessage());
      return coldStart(variant, classpath, extraOptions, null);
    }
  }

  /** The runtime process ended before it answered. */
  private static final class RuntimeExited extends IllegalStateException {
    RuntimeExited(String message) {
      super(message);
    }
  }

  /** Spawns a fresh JVM, sends the event, checks the answer; returns spawn -> first response and the CPU it used. */
  private Sample coldStart(Variant variant, List<Path> classpath, List<String> extraOptions, AtResponse atResponse)
      throws IOException {
    List<String> log = new ArrayList<>();
    try (LocalFunction function = function(variant, classpath, extraOptions, log).build()) {
      InvocationResult result = function.invoke(EVENT);
      long cpuNanos = function.runtimePid().stream().boxed()
          .flatMap(pid -> ProcessHandle.of(pid).stream())
          .flatMap(process -> process.info().totalCpuDuration().stream())
          .mapToLong(Duration::toNanos)
          .findFirst().orElse(-1);
      if (atResponse != null) {
        atResponse.run();
      }
      check(variant, result, log);
      return new Sample(result.spawnToResponseNanos(), cpuNanos);
    }
  }

  /**
   * @param wallNanos process spawn to first response
   * @param cpuNanos  CPU time (user + system, all threads) the function's JVM had used when the response arrived;
   *                  -1 when the platform does not report it
   */
  record Sample(long wallNanos, long cpuNanos) {}

  /** Records the variant's AOT cache: a training JVM that serves a few invocations and is stopped with SIGTERM. */
  private Path train(Variant variant, List<Path> classpath) throws IOException {
    Path cache = settings.outDir().resolve("aot").resolve(variant.module() + ".aot");
    Files.createDirectories(cache.getParent());
    Files.deleteIfExists(cache);
    List<String> log = new ArrayList<>();
    long start = System.nanoTime();
    try (LocalFunction function = function(variant, classpath, List.of("-XX:AOTCacheOutput=" + cache), log)
        .initTimeout(Duration.ofSeconds(60))
        .shutdownGracePeriod(Duration.ofMinutes(5))
        .build()) {
      for (int i = 0; i < TRAINING_INVOCATIONS; i++) {
        check(variant, function.invoke(EVENT), log);
      }
      // SIGTERM through ProcessHandle, not LocalFunction.close(): close() ends in Process.destroy(), which also
      // closes our end of the child's stdout pipe, and a JDK 25 training JVM that then writes its AOT messages
      // (and starts the assembly JVM on the same stdout) dies without writing the cache.
      ProcessHandle runtime = ProcessHandle.of(function.runtimePid().orElseThrow()).orElseThrow();
      runtime.destroy();
      try {
        runtime.onExit().get(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the training JVM wrote its AOT cache", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("training JVM of (" + variant.key() + ") did not exit", e);
      }
    }
    if (!Files.isRegularFile(cache)) {
      throw new IllegalStateException("Training run of (" + variant.key() + ") wrote no AOT cache " + cache
          + "; its output:\n" + String.join("\n", log));
    }
    line("AOT cache (%s) %s: %d KB, trained in %.1f s", variant.key(), cache.getFileName(), Files.size(cache) / 1024,
        (System.nanoTime() - start) / 1e9);
    return cache;
  }

  private LocalFunction.Builder function(Variant variant, List<Path> classpath, List<String> extraOptions,
      List<String> log) {
    LocalFunction.Builder builder = LocalFunction.builder(variant.handler())
        .functionName("bench-" + variant.module())
        // A fresh prefix per JVM, so every idempotent cold start claims a new key instead of replaying one.
        .environmentVariable("KINDLING_IDEMPOTENCY_KEY_PREFIX", "bench-" + spawns.incrementAndGet());
    if (variant.dynamoDbLocal()) {
      builder.environmentVariable("KINDLING_IDEMPOTENCY_ENDPOINT", dynamoDbLocal)
          .environmentVariable("KINDLING_IDEMPOTENCY_TABLE", IDEMPOTENCY_TABLE)
          .environmentVariable("AWS_ACCESS_KEY_ID", "local")
          .environmentVariable("AWS_SECRET_ACCESS_KEY", "local");
    }
    return builder
        .classpath(classpath)
        .includeRuntimeLibraries(false)
        .javaHome(settings.javaHome())
        .memorySizeMb(settings.memoryMb())
        .jvmOptions(jvmOptions())
        .addJvmOptions(extraOptions.toArray(String[]::new))
        .logSink(line -> {
          synchronized (log) {
            log.add(line);
          }
        });
  }

  /**
   * The java17 managed runtime's options. With an AOT cache, less {@code -Xshare:auto}: JDK 25 rejects any
   * {@code -Xshare} option beside {@code -XX:AOTCacheOutput} (and the cache implies sharing anyway).
   */
  private List<String> jvmOptions() {
    List<String> options = new ArrayList<>(LambdaJvmOptions.java17(settings.memoryMb()));
    if (settings.aot()) {
      options.removeIf(option -> option.startsWith("-Xshare"));
    }
    return options;
  }

  private void check(Variant variant, InvocationResult result, List<String> log) {
    Path outDir = settings.outDir();
    String problem = null;
    if (!result.success()) {
      problem = "error " + result.errorType() + ": " + result.payload();
    } else {
      try {
        JsonNode reply = JSON.readTree(result.payload());
        if (!"Hello, x!".equals(reply.path("greeting").asText()) || reply.path("total").asDouble() != 7.5) {
          problem = "unexpected payload " + result.payload();
        }
      } catch (IOException e) {
        problem = "payload is not JSON: " + result.payload();
      }
    }
    if (problem != null) {
      String output;
      synchronized (log) {
        output = String.join("\n", log);
      }
      Path file = outDir.resolve("failure-" + variant.module() + "-" + System.currentTimeMillis() + ".log");
      try {
        Files.writeString(file, problem + "\n" + output, StandardCharsets.UTF_8);
      } catch (IOException e) {
        file = null;
      }
      String head = output.lines().limit(40).collect(Collectors.joining("\n"));
      if ("Runtime.ExitError".equals(result.errorType())) {
        throw new RuntimeExited(problem + " (output in " + file + ")");
      }
      throw new IllegalStateException("(" + variant.key() + ") " + variant.label() + ": " + problem
          + "\nfunction output (whole in " + file + "):\n" + head);
    }
  }

  /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "n/a". */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static String javaVersion(Path javaHome) {
    Path release = javaHome.resolve("release");
    try (var reader = Files.newBufferedReader(release, StandardCharsets.UTF_8)) {
      Properties properties = new Properties();
      properties.load(reader);
      return properties.getProperty("JAVA_VERSION", "?").replace("\"", "");
    } catch (IOException e) {
      return "?";
    }
  }

  private interface Cell {
    String of(Variant variant);
  }

  private void row(String label, List<Variant> variants, Cell cell) {
    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-40s", label));
    variants.forEach(v -> row.append(String.format(Locale.ROOT, " %12s", cell.of(v))));
    line("%s", row);
  }

  private void line(String format, Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    out.println(text);
    report.append(text).append(System.lineSeparator());
  }
}
